using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.IntegrationTests.LocalRunner.Samples;

/// <summary>HTTP sample: reads the body asynchronously, typed route value with a constraint, <see cref="ContentResult"/>.</summary>
public sealed class EchoBody
{
    /// <summary>POST echo/{id:int}: answers 201 <c>id=..;body=..</c>.</summary>
    [Function(nameof(EchoBody))]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo/{id:int}")] HttpRequest req, int id, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(req.Body);
        var body = await reader.ReadToEndAsync(cancellationToken);
        return new ContentResult { StatusCode = 201, ContentType = "text/plain", Content = $"id={id};body={body}" };
    }
}
