-- Argo CD health of a Tenant (tenantry.dev/v1alpha1): argocd-cm resource.customizations.health.tenantry.dev_Tenant.
-- Reads the status the operator writes by kstatus rules: being deleted or not yet observed is Progressing,
-- Stalled=True is Degraded, Reconciling=True is Progressing, a suspension carried out is Suspended, Ready=True
-- is Healthy. Uses only what Argo CD's Lua sandbox offers (no standard library).
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

local function said(c, fallback)
  if c == nil then
    return fallback
  end
  local text = c.reason or ""
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

local hs = {}
local status = obj.status
local generation = obj.metadata.generation

if obj.metadata.deletionTimestamp ~= nil then
  hs.status = "Progressing"
  hs.message = "Being deleted: " .. ((status ~= nil and status.message) or "the operator releases its storage")
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
  hs.message = said(stalled, "Stalled")
  return hs
end

local reconciling = condition(status, "Reconciling")
if reconciling ~= nil and reconciling.status == "True" then
  hs.status = "Progressing"
  hs.message = said(reconciling, "Reconciling")
  return hs
end

local ready = condition(status, "Ready")
if status.phase == "Suspended" then
  hs.status = "Suspended"
  hs.message = said(ready, "Suspended")
  return hs
end

if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = said(ready, "Ready")
  return hs
end

if status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = said(ready, "Failed")
  return hs
end

hs.status = "Progressing"
hs.message = said(ready, "Waiting for the tenant to become Ready")
return hs
