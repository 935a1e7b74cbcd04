using Engage.Application.Replies;
using Engage.Application.Storage;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Functions;

/// <summary>Queue trigger on <c>outbound</c>: posts a reply to its source (see <see cref="OutboundPoster"/>).</summary>
public sealed class PostOutbound(OutboundPoster poster)
{
    /// <summary>A failed attempt throws, so the queue retries it (after host.json's visibilityTimeout).</summary>
    [Function(nameof(PostOutbound))]
    public Task Run([QueueTrigger(StorageNames.OutboundQueue, Connection = "Storage")] string message, CancellationToken cancellationToken) =>
        poster.PostAsync(message, cancellationToken);
}
