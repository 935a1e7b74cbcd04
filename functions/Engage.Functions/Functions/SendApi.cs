using Engage.Application.Ingest;
using Engage.Domain.Channel;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Channel SDK Send API: <c>POST /realtime/sdk/{source_id}</c>, signed body, answers <c>ok</c> (PROTOCOL.md, "Send API").</summary>
public sealed class SendApi(SendApiService sendApi, HttpApi http)
{
    /// <summary>Reads the raw body (at most 20,971,520 bytes, else 413) and hands it to the application layer.</summary>
    [Function(nameof(SendApi))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "realtime/sdk/{source_id}")] HttpRequest req,
        string source_id) =>
        http.HandleAsync(async () =>
        {
            var ct = req.HttpContext.RequestAborted;
            var body = await BodyReader.ReadAsync(req, SendApiParser.MaxBodyBytes, ct);
            var signature = req.Headers[ChannelSignature.HeaderName].ToString();
            if (signature.Length == 0) signature = req.Query["signature"].ToString();
            await sendApi.HandleAsync(source_id, body, signature, ct);
            return ContractResult.OkText("ok");
        });
}
