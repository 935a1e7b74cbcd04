// Production example: az deployment group create -g <rg> -f infra/main.bicep -p infra/main.prod.bicepparam
// with ENGAGE_SECRET_KEY exported (base64 of 32 random bytes; keep it, see docs/deploy.md).
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'engage-prod')
param engageSecretKey = readEnvironmentVariable('ENGAGE_SECRET_KEY')
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param enablePurgeProtection = true
param logRetentionInDays = 90
