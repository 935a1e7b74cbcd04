// User-assigned managed identity the Function App runs as (stands in for avm/res/managed-identity/user-assigned-identity).
@description('Name of the identity.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resource.')
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity.')
output resourceId string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Object (principal) id, for role assignments.')
output principalId string = identity.properties.principalId

@description('Client id, for the __clientId app settings.')
output clientId string = identity.properties.clientId
