namespace Engage.Application.Storage.Entities;

/// <summary>A thread's row in <c>ThreadIndex</c> and when it became the live one (UTC).</summary>
public sealed record IndexPosition(string RowKey, DateTimeOffset LiveSince);
