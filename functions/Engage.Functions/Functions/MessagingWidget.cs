using Engage.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary><c>GET /messaging/widget.js</c>: the embeddable web chat widget (public, cacheable; see <see cref="WidgetFile"/>).</summary>
public sealed class MessagingWidget
{
    /// <summary>Embed with <c>&lt;script src=".../messaging/widget.js" data-source-id="..." async&gt;&lt;/script&gt;</c>.</summary>
    [Function(nameof(MessagingWidget))]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "messaging/widget.js")] HttpRequest req) => WidgetFile.Answer(req);
}
