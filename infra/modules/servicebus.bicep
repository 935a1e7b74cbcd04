// Service Bus namespace (Standard: topics and sessions) for the event stream of issue 5: topic 'events' with
// a session-enabled subscription 'integrations'. Local (SAS) auth is disabled: Entra ID only.
// Stands in for avm/res/service-bus/namespace.
@description('Name of the namespace.')
param name string

@description('Azure region.')
param location string

@description('Tags for the resources.')
param tags object

@description('Topic the app publishes events to.')
param topicName string

@description('Subscription integrations read from (sessions: one session per thread keeps per-thread order).')
param subscriptionName string

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    defaultMessageTimeToLive: 'P14D'
    maxSizeInMegabytes: 1024
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'PT10M'
    supportOrdering: true
  }
}

resource subscription 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2024-01-01' = {
  parent: topic
  name: subscriptionName
  properties: {
    requiresSession: true
    lockDuration: 'PT1M'
    maxDeliveryCount: 10
    defaultMessageTimeToLive: 'P14D'
    deadLetteringOnMessageExpiration: true
    deadLetteringOnFilterEvaluationExceptions: true
  }
}

@description('Name of the namespace.')
output name string = namespace.name

@description('Resource id of the namespace.')
output resourceId string = namespace.id

@description('Host name of the namespace (<name>.servicebus.<suffix>), for ServiceBusConnection__fullyQualifiedNamespace.')
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':')[0]

@description('Name of the topic.')
output topicName string = topic.name

@description('Name of the subscription.')
output subscriptionName string = subscription.name
