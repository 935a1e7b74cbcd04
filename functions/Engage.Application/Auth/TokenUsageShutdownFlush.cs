using Microsoft.Extensions.Hosting;

namespace Engage.Application.Auth;

/// <summary>Writes the recorded token uses when the host stops, so a graceful stop loses none (the timer writes them every minute otherwise).</summary>
public sealed class TokenUsageShutdownFlush(TokenUsage usage) : IHostedService
{
    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => usage.Pending == 0 ? Task.CompletedTask : usage.FlushAsync(cancellationToken);
}
