using Engage.Domain.Api;
using Microsoft.AspNetCore.Http;

namespace Engage.Functions.Http;

/// <summary>Reads a raw request body up to a byte limit without ever buffering more than the limit.</summary>
public static class BodyReader
{
    /// <summary>The body's bytes, whatever its Content-Type.</summary>
    /// <exception cref="EngageException">413 when Content-Length or the bytes read exceed <paramref name="limit"/>.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > 0 and var length && length > limit) throw EngageException.TooLarge(limit);
        var buffer = new MemoryStream(request.ContentLength is > 0 and var known && known <= limit ? (int)known : 4096);
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw EngageException.TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
