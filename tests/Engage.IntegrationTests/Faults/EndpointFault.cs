using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Engage.IntegrationTests.Faults;

/// <summary>How a test bridge or webhook endpoint misbehaves on one request, instead of answering normally.</summary>
public enum EndpointFault
{
    /// <summary>Answers as configured.</summary>
    None,

    /// <summary>Closes the connection with a TCP reset before any answer.</summary>
    Reset,

    /// <summary>Sends 200 headers promising a longer body than it writes, then resets: a truncated body.</summary>
    Truncated,

    /// <summary>Answers only after <see cref="EndpointFaults.Hang"/>, longer than any client timeout in the fault fixture.</summary>
    Hang,
}

/// <summary>Applies an <see cref="EndpointFault"/> to a request being served.</summary>
public static class EndpointFaults
{
    /// <summary>How long <see cref="EndpointFault.Hang"/> waits (the fault fixture's clients give up after 1 s).</summary>
    public static readonly TimeSpan Hang = TimeSpan.FromSeconds(4);

    /// <summary>Misbehaves as <paramref name="fault"/> says; true when the request is dealt with (nothing more to write).</summary>
    public static async Task<bool> ApplyAsync(HttpContext context, EndpointFault fault)
    {
        switch (fault)
        {
            case EndpointFault.Reset:
                context.Abort();
                return true;
            case EndpointFault.Truncated:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = 200;
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("{\"id\":\"trunc"));
                await context.Response.Body.FlushAsync();
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                context.Abort();
                return true;
            case EndpointFault.Hang:
                try
                {
                    await Task.Delay(Hang, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
                return false;
            default:
                return false;
        }
    }
}
