namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>POCO read from a queue message's JSON.</summary>
public sealed record WorkItem(string Name, int Size);
