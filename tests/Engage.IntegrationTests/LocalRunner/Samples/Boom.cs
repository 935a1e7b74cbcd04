using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>HTTP sample that always throws.</summary>
public sealed class Boom
{
    /// <summary>The text that must never reach the client.</summary>
    public const string Secret = "connection-string-would-leak-here";

    /// <summary>GET boom: throws.</summary>
    [Function(nameof(Boom))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest req) =>
        throw new InvalidOperationException(Secret);
}
