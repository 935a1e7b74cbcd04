using System.Text;
using System.Text.Encodings.Web;

namespace Engage.Application.Json;

/// <summary>
/// A JSON encoder that escapes only what JSON requires (<c>"</c>, <c>\</c> and control characters) and writes
/// every other character as raw UTF-8, emoji included. Channel SDK bridges re-serialise the JSON they receive
/// before checking its signature; the JavaScript bridge re-serialises this way (PROTOCOL.md,
/// "Interoperability notes"), so we must send exactly these bytes.
/// </summary>
public sealed class RawUtf8Encoder : JavaScriptEncoder
{
    /// <summary>The shared instance.</summary>
    public static readonly RawUtf8Encoder Instance = new();

    /// <inheritdoc />
    public override int MaxOutputCharactersPerInputCharacter => 6;

    /// <inheritdoc />
    public override bool WillEncode(int unicodeScalar) => unicodeScalar < 0x20 || unicodeScalar is '"' or '\\';

    /// <inheritdoc />
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (c < 0x20 || c is '"' or '\\') return i;
            if (char.IsHighSurrogate(c) && (i + 1 >= textLength || !char.IsLowSurrogate(text[i + 1]))) return i;
            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))) return i;
        }
        return -1;
    }

    /// <inheritdoc />
    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var escaped = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\b' => "\\b",
            '\f' => "\\f",
            < 0x20 => $"\\u{unicodeScalar:x4}",
            _ => new Rune(unicodeScalar).ToString(),
        };
        if (escaped.Length > bufferLength)
        {
            numberOfCharactersWritten = 0;
            return false;
        }
        for (var i = 0; i < escaped.Length; i++) buffer[i] = escaped[i];
        numberOfCharactersWritten = escaped.Length;
        return true;
    }
}
