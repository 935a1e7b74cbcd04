namespace Engage.IntegrationTests.LocalRunner;

/// <summary>The local runner tests share one Azurite and run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LocalRunnerCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>Collection name.</summary>
    public const string Name = "LocalRunner";
}
