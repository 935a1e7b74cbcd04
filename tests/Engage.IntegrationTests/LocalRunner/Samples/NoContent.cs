using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>HTTP sample without route or methods: served on its name, for every method; <see cref="StatusCodeResult"/>.</summary>
public sealed class NoContent
{
    /// <summary>Any method on api/NoContent: 204.</summary>
    [Function(nameof(NoContent))]
    public static IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest req) => new StatusCodeResult(204);
}
