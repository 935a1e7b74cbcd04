// Key Vault in RBAC mode holding the app's secrets, read by the Function App through Key Vault references
// (stands in for avm/res/key-vault/vault). The secret value comes from a secure parameter and is never output.
@description('Name of the vault (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('Purge protection (cannot be turned off again once on; use it in production).')
param enablePurgeProtection bool

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('Name of the secret that holds Engage__SecretKey.')
param secretKeySecretName string

@description('Value of Engage__SecretKey: base64 of 32 random bytes.')
@secure()
param secretKeyValue string

resource vault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // ARM rejects 'false' once purge protection has been on: leave the property out instead.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource secretKey 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: vault
  name: secretKeySecretName
  properties: {
    value: secretKeyValue
    contentType: 'base64 of 32 bytes (AES-256-GCM key of Engage__SecretKey)'
  }
}

@description('Name of the vault.')
output name string = vault.name

@description('Resource id of the vault.')
output resourceId string = vault.id

@description('Vault URI (https://<name>.vault.<suffix>/).')
output vaultUri string = vault.properties.vaultUri
