using System.Text.Json;
using Engage.Domain.Api;
using Microsoft.AspNetCore.Http;

namespace Engage.Functions.Http;

/// <summary>
/// Builds <see cref="ApiParameters"/> from the query string, then a form body or a JSON body, so every write
/// endpoint accepts the three ways clients send them (PROTOCOL.md, "Interoperability notes"). Body values
/// follow query values; for single values the last one wins.
/// </summary>
public static class ParameterReader
{
    /// <summary>Largest JSON or form body read for a write endpoint, in bytes.</summary>
    public const long MaxBodyBytes = 1_048_576;

    /// <summary>Reads every parameter of <paramref name="request"/>.</summary>
    /// <exception cref="EngageException">400 for a body that is not valid JSON or not an object; 413 above 1 MiB.</exception>
    public static async Task<ApiParameters> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var parameters = new ApiParameters();
        foreach (var (key, values) in request.Query)
        {
            foreach (var value in values) parameters.Add(key, value);
        }
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException e)
            {
                throw EngageException.BadRequest($"The form body is not valid: {e.Message}");
            }
            foreach (var (key, values) in form)
            {
                foreach (var value in values) parameters.Add(key, value);
            }
        }
        else if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || request.ContentLength > 0)
        {
            var body = await BodyReader.ReadAsync(request, MaxBodyBytes, cancellationToken);
            if (body.Length > 0) AddJson(parameters, body);
        }
        return parameters;
    }

    /// <summary>The query string and a JSON body of at most <paramref name="limit"/> bytes (the public visitor API's small bodies).</summary>
    /// <exception cref="EngageException">400 for a body that is not a JSON object; 413 above the limit.</exception>
    public static async Task<ApiParameters> ReadQueryAndJsonAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var parameters = new ApiParameters();
        foreach (var (key, values) in request.Query)
        {
            foreach (var value in values) parameters.Add(key, value);
        }
        var body = await BodyReader.ReadAsync(request, limit, cancellationToken);
        if (body.Length > 0) AddJson(parameters, body);
        return parameters;
    }

    private static void AddJson(ApiParameters parameters, ReadOnlyMemory<byte> body)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw EngageException.BadRequest($"The body is not valid JSON: {e.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw EngageException.BadRequest("The JSON body must be an object.");
            try
            {
                foreach (var property in doc.RootElement.EnumerateObject()) AddValue(parameters, property.Name, property.Value);
            }
            catch (InvalidOperationException e)
            {
                // Valid JSON syntax whose string is not text (a lone UTF-16 surrogate such as "\ud800").
                throw EngageException.BadRequest($"The body is not valid JSON: {e.Message}");
            }
        }
    }

    private static void AddValue(ApiParameters parameters, string name, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                parameters.Add(name + "[]", null);
                foreach (var item in value.EnumerateArray()) parameters.Add(name + "[]", Scalar(item));
                break;
            case JsonValueKind.Object:
                foreach (var entry in value.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in entry.Value.EnumerateArray()) parameters.Add($"{name}[{entry.Name}][]", Scalar(item));
                    }
                    else
                    {
                        parameters.Add($"{name}[{entry.Name}]", Scalar(entry.Value));
                    }
                }
                // Keep the raw object too, for fields such as structured_content.
                parameters.Add(name, value.GetRawText());
                break;
            default:
                parameters.Add(name, Scalar(value));
                break;
        }
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };
}
