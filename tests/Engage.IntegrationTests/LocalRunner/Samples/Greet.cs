using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>HTTP sample: route value, query value, FunctionContext; answers with an MVC <see cref="OkObjectResult"/>.</summary>
public sealed class Greet(Probe probe)
{
    /// <summary>GET greet/{name}?times=n.</summary>
    [Function(nameof(Greet))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "greet/{name}")] HttpRequest req, string name, int times, FunctionContext context)
    {
        probe.Record(new ProbeCall(nameof(Greet), name));
        return new OkObjectResult(new
        {
            greeting = $"Hello {name}",
            times,
            sameContext = ReferenceEquals(context.GetHttpContext(), req.HttpContext),
            function = context.FunctionDefinition.Name,
        });
    }
}
