-- Argo CD health of a DatabaseServer (tenantry.dev/v1alpha1): argocd-cm resource.customizations.health.tenantry.dev_DatabaseServer.
-- Ready=True (the operator is connected) is Healthy; Reachable=False (its last connection failed, it keeps
-- retrying) is Degraded, since tenants cannot be placed there; anything before the operator's first look is
-- Progressing. Uses only what Argo CD's Lua sandbox offers (no standard library).
local function condition(status, kind)
  if status == nil or status.conditions == nil then
    return nil
  end
  for _, c in ipairs(status.conditions) do
    if c.type == kind then
      return c
    end
  end
  return nil
end

local hs = {}
local status = obj.status
local generation = obj.metadata.generation

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted"
  return hs
end

if status == nil or status.observedGeneration == nil or generation == nil or status.observedGeneration ~= generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end

local ready = condition(status, "Ready")
local reachable = condition(status, "Reachable")
local tenants = tostring(status.tenantCount or 0)

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Connected; " .. tenants .. " tenants"
  return hs
end

if reachable ~= nil and reachable.status == "False" then
  hs.status = "Degraded"
  hs.message = (reachable.reason or "Unreachable") .. ": " .. (reachable.message or "")
  return hs
end

hs.status = "Progressing"
hs.message = (ready ~= nil and ready.message) or "Checking the connection"
return hs
