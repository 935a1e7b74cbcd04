// Development / azd parameters. azd reads AZURE_ENV_NAME from its environment; set the key once with
//   azd env set ENGAGE_SECRET_KEY "$(openssl rand -base64 32)"
// (or export ENGAGE_SECRET_KEY for az deployment group create). Keep the same key for every deployment.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'engage-dev')
param engageSecretKey = readEnvironmentVariable('ENGAGE_SECRET_KEY')
param instanceMemoryMB = 2048
param maximumInstanceCount = 40
param enablePurgeProtection = false
param logRetentionInDays = 30
