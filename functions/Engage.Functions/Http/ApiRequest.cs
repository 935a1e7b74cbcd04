using Microsoft.AspNetCore.Http;

namespace Engage.Functions.Http;

/// <summary>Reads request parameters the contract's way: query string first, then a form body (PROTOCOL.md, "REST conventions").</summary>
public static class ApiRequest
{
    /// <summary>The access token: <c>Authorization: Bearer</c>, else the <c>access_token</c> parameter.</summary>
    public static string? AccessToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        return Param(request, "access_token");
    }

    /// <summary>
    /// A single parameter, or null when absent or empty. The bracketed array form (<c>name[]=a&amp;name[]=b</c>,
    /// PROTOCOL.md) is read too, as <c>a,b</c>, so a filter sent that way is applied or refused, never ignored.
    /// </summary>
    public static string? Param(HttpRequest request, string name)
    {
        var value = Read(request, name);
        if (value.Length == 0) value = Read(request, name + "[]");
        return value.Length == 0 ? null : value;
    }

    private static string Read(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0 && request.HasFormContentType && request.Form.TryGetValue(name, out var form)) value = form.ToString();
        return value;
    }

    /// <summary>The <c>If-Match</c> header (an <c>ETag</c> answered earlier, or <c>*</c>), or null when absent.</summary>
    public static string? IfMatch(HttpRequest request) =>
        request.Headers.IfMatch.Count == 0 || string.IsNullOrWhiteSpace(request.Headers.IfMatch.ToString()) ? null : request.Headers.IfMatch.ToString().Trim();

    /// <summary>A boolean parameter as the contract spells it (true/1/on/yes, false/0/off/no), or null.</summary>
    /// <exception cref="Engage.Domain.Api.EngageException">422 for any other value.</exception>
    public static bool? Boolean(HttpRequest request, string name)
    {
        var raw = Param(request, name);
        if (raw is null) return null;
        return Engage.Domain.Search.SearchQuery.ParseBoolean(raw)
            ?? throw Engage.Domain.Api.EngageException.Unprocessable("invalid_parameter", $"{name} must be true or false.");
    }

    /// <summary>The collection parameters <c>offset</c>, <c>limit</c> and <c>cursor</c>.</summary>
    /// <exception cref="Engage.Domain.Api.EngageException">422 <c>invalid_parameter</c>.</exception>
    public static Engage.Domain.Api.Paging Paging(HttpRequest request) =>
        Engage.Domain.Api.Paging.Parse(Param(request, "offset"), Param(request, "limit"), Param(request, "cursor"));
}
