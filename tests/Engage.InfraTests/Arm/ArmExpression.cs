using System.Globalization;
using System.Text;

namespace Engage.InfraTests.Arm;

/// <summary>
/// A value known only at deployment time (<c>reference()</c>, <c>uniqueString()</c>, a parameter without a value):
/// kept as the text of what it is made of, with everything that could be evaluated filled in, so two values made
/// the same way compare equal (for example the identity id a role assignment names and the one the site runs as).
/// </summary>
public sealed record Opaque(string Text)
{
    /// <summary>How an opaque part shows inside a string (a name, a <c>format()</c> result).</summary>
    public override string ToString() => $"⟨{Text}⟩";
}

/// <summary>
/// Parser and evaluator for the subset of ARM template expressions (<c>[func(args).prop[index]]</c>) that the
/// Bicep compiler emits for this repository's templates. Values are <c>null</c>, <see cref="string"/>,
/// <see cref="long"/>, <see cref="bool"/>, <see cref="List{T}"/> of values, <see cref="Dictionary{TKey,TValue}"/>
/// (case-insensitive keys, as in ARM) or <see cref="Opaque"/>. Unknown functions give an <see cref="Opaque"/>.
/// </summary>
public static class ArmExpression
{
    /// <summary>Whether a JSON string is an expression (<c>[...]</c> but not the <c>[[</c> escape).</summary>
    public static bool IsExpression(string s) => s.Length >= 2 && s[0] == '[' && s[^1] == ']' && s[1] != '[';

    /// <summary>The literal a JSON string stands for when it is not an expression (<c>[[x</c> is <c>[x</c>).</summary>
    public static string Unescape(string s) => s.StartsWith("[[", StringComparison.Ordinal) ? s[1..] : s;

    /// <summary>Parses the text between the brackets.</summary>
    public static Node Parse(string expression)
    {
        var parser = new Parser(expression);
        var node = parser.ParseExpression();
        parser.SkipSpace();
        if (!parser.AtEnd) throw new FormatException($"Unexpected text at {parser.Position} in '{expression}'.");
        return node;
    }

    /// <summary>Renders a value as it would appear as an argument in an expression (used to build opaque text).</summary>
    public static string Render(object? value) => value switch
    {
        null => "null()",
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        Opaque o => o.Text,
        bool b => b ? "true()" : "false()",
        long l => l.ToString(CultureInfo.InvariantCulture),
        List<object?> list => "createArray(" + string.Join(", ", list.Select(Render)) + ")",
        Dictionary<string, object?> map => "createObject(" + string.Join(", ", map.Select(kv => Render(kv.Key) + ", " + Render(kv.Value))) + ")",
        _ => value.ToString() ?? string.Empty,
    };

    /// <summary>Text of a value where a string is expected (<c>format()</c>, names).</summary>
    public static string AsText(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        Opaque o => o.ToString(),
        _ => Render(value),
    };

    /// <summary>Expression syntax tree.</summary>
    public abstract record Node;
    /// <summary>A string or integer literal.</summary>
    public sealed record Literal(object? Value) : Node;
    /// <summary>A function call.</summary>
    public sealed record Call(string Name, IReadOnlyList<Node> Arguments) : Node;
    /// <summary><c>target.name</c>.</summary>
    public sealed record Member(Node Target, string Name) : Node;
    /// <summary><c>target[key]</c>.</summary>
    public sealed record IndexAccess(Node Target, Node Key) : Node;

    private sealed class Parser(string text)
    {
        public int Position { get; private set; }
        public bool AtEnd => Position >= text.Length;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position])) Position++;
        }

        public Node ParseExpression()
        {
            SkipSpace();
            var node = ParsePrimary();
            while (true)
            {
                SkipSpace();
                if (AtEnd) return node;
                if (text[Position] == '.')
                {
                    Position++;
                    node = new Member(node, ReadIdentifier());
                }
                else if (text[Position] == '[')
                {
                    Position++;
                    var key = ParseExpression();
                    Expect(']');
                    node = new IndexAccess(node, key);
                }
                else
                {
                    return node;
                }
            }
        }

        private Node ParsePrimary()
        {
            if (AtEnd) throw new FormatException($"Unexpected end of '{text}'.");
            var c = text[Position];
            if (c == '\'') return new Literal(ReadString());
            if (char.IsDigit(c) || c == '-')
            {
                var start = Position++;
                while (!AtEnd && char.IsDigit(text[Position])) Position++;
                return new Literal(long.Parse(text[start..Position], CultureInfo.InvariantCulture));
            }
            var name = ReadIdentifier();
            Expect('(');
            var arguments = new List<Node>();
            SkipSpace();
            if (!AtEnd && text[Position] == ')')
            {
                Position++;
                return new Call(name, arguments);
            }
            while (true)
            {
                arguments.Add(ParseExpression());
                SkipSpace();
                if (!AtEnd && text[Position] == ',')
                {
                    Position++;
                    continue;
                }
                Expect(')');
                return new Call(name, arguments);
            }
        }

        private string ReadString()
        {
            Position++;
            var result = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw new FormatException($"Unterminated string in '{text}'.");
                var c = text[Position++];
                if (c != '\'')
                {
                    result.Append(c);
                    continue;
                }
                if (!AtEnd && text[Position] == '\'')
                {
                    result.Append('\'');
                    Position++;
                    continue;
                }
                return result.ToString();
            }
        }

        private string ReadIdentifier()
        {
            SkipSpace();
            var start = Position;
            while (!AtEnd && (char.IsLetterOrDigit(text[Position]) || text[Position] == '_')) Position++;
            if (start == Position) throw new FormatException($"Expected a name at {start} in '{text}'.");
            return text[start..Position];
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (AtEnd || text[Position] != c) throw new FormatException($"Expected '{c}' at {Position} in '{text}'.");
            Position++;
        }
    }
}
