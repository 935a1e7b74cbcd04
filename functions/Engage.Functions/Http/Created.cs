namespace Engage.Functions.Http;

/// <summary>
/// A result the contract answers with 201 rather than 200 (for example <c>importIdentity</c>): return it from a call
/// run by <see cref="HttpApi"/> to get that status with <paramref name="Body"/> as the JSON body.
/// </summary>
public sealed record Created(object Body);
