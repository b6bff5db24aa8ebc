-- Argo CD health of the MigrationRollout (tenantry.dev/v1alpha1): argocd-cm resource.customizations.health.tenantry.dev_MigrationRollout.
-- Reads the status the operator writes by kstatus rules: not yet observed or rolling out (Reconciling=True) is
-- Progressing, halted (Stalled=True) is Degraded, paused is Suspended, complete (Ready=True) is Healthy. Uses only
-- what Argo CD's Lua sandbox offers (no standard library).
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

local stalled = condition(status, "Stalled")
if stalled ~= nil and stalled.status == "True" then
  hs.status = "Degraded"
  hs.message = (stalled.reason or "Stalled") .. ": " .. (stalled.message or "")
  return hs
end

local reconciling = condition(status, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = reconciling.message or "Rolling out"
  return hs
end

local ready = condition(status, "Ready")
if ready ~= nil and ready.status == "True" then
  if ready.reason == "Paused" then
    hs.status = "Suspended"
  else
    hs.status = "Healthy"
  end
  hs.message = ready.message or ""
  return hs
end

hs.status = "Progressing"
hs.message = (ready ~= nil and ready.message) or "Waiting for the operator"
return hs
