// Engage Functions: everything the app needs in one resource group.
// Deploy: docs/deploy.md (azd up, or az deployment group create with main.bicepparam / main.prod.bicepparam).
// Local modules only (registry modules cannot be restored offline); each names the AVM module it stands in for.
targetScope = 'resourceGroup'

@description('Environment name (azd: AZURE_ENV_NAME); part of the resource names and the azd-env-name tag.')
@minLength(1)
@maxLength(40)
param environmentName string

@description('Azure region of every resource; defaults to the resource group\'s. Must offer Flex Consumption.')
param location string = resourceGroup().location

@description('Engage__SecretKey: base64 of 32 random bytes (openssl rand -base64 32). Stored in Key Vault only. Keep it: changing it makes stored source secrets unreadable.')
@secure()
@minLength(44)
@maxLength(44)
param engageSecretKey string

@description('Memory per Function App instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of Function App instances (caps cost).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Key Vault purge protection (irreversible; use it in production).')
param enablePurgeProtection bool = false

@description('Days to keep logs in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'engage-functions'
}
var secretKeySecretName = 'engage-secret-key'
var deploymentContainerName = 'app-package'
// Names are known before deployment (what-if can predict the role assignments and references).
var names = {
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  logAnalytics: 'log-${resourceToken}'
  appInsights: 'appi-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  serviceBus: 'sb-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
}

// Must match functions/Engage.Application/Storage/StorageNames.cs (checked by tests/Engage.InfraTests).
var tableNames = [
  'Sources'
  'Identities'
  'IdentityIndex'
  'Threads'
  'ThreadIndex'
  'Users'
  'Roles'
  'AccessTokens'
  'Categories'
  'InterventionIndex'
  'AgentPresence'
  'Events'
  'Webhooks'
  'WebhookDeliveries'
  'RateLimits'
  'IdempotencyKeys'
  'MessagingSessions'
  'Tags'
  'CustomFields'
  'IdentityGroups'
]
var queueNames = [
  'outbox'
  'outbox-poison'
  'outbound'
  'outbound-poison'
  'dispositions'
  'dispositions-poison'
  'webhook-deliveries'
  'webhook-deliveries-poison'
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
    tables: tableNames
    queues: queueNames
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: names.logAnalytics
    appInsightsName: names.appInsights
    location: location
    tags: tags
    retentionInDays: logRetentionInDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.keyVault
    location: location
    tags: tags
    enablePurgeProtection: enablePurgeProtection
    softDeleteRetentionInDays: enablePurgeProtection ? 90 : 7
    secretKeySecretName: secretKeySecretName
    secretKeyValue: engageSecretKey
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  params: {
    name: names.serviceBus
    location: location
    tags: tags
    topicName: 'events'
    subscriptionName: 'integrations'
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    identityName: names.identity
    storageAccountName: names.storage
    serviceBusNamespaceName: names.serviceBus
    keyVaultName: names.keyVault
    appInsightsName: names.appInsights
  }
  dependsOn: [
    identity
    storage
    serviceBus
    keyVault
    monitoring
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: 'api'
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appInsightsName: names.appInsights
    keyVaultName: keyVault.outputs.name
    secretKeySecretName: secretKeySecretName
    serviceBusFullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The host must not start before it may read its storage and the Key Vault reference resolves.
  dependsOn: [
    monitoring
    rbac
  ]
}

@description('Region of the deployment.')
output AZURE_LOCATION string = location

@description('Name of the Function App.')
output FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Host name of the Function App.')
output FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName

@description('Base URL of the API (host.json routePrefix is empty).')
output FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Table endpoint.')
output STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint

@description('Queue endpoint.')
output STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint

@description('Blob endpoint.')
output STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Service Bus namespace host name.')
output SERVICE_BUS_NAMESPACE string = serviceBus.outputs.fullyQualifiedNamespace

@description('Name of the Key Vault.')
output KEY_VAULT_NAME string = keyVault.outputs.name

@description('URI of the Key Vault.')
output KEY_VAULT_URI string = keyVault.outputs.vaultUri

@description('Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
