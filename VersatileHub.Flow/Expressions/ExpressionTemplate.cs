using System.Collections.Concurrent;
using Acornima;
using Jint;

namespace VersatileHub.Flow.Expressions;

/// <summary>
/// A parameter's text split into literal parts and <c>{{ ... }}</c> expressions, each parsed once (Jint's prepared script)
/// and cached by text, so a run never parses the same expression twice. As in n8n, a leading <c>=</c> marks expression mode
/// and is dropped.
/// </summary>
internal sealed class ExpressionTemplate
{
    private const int CacheLimit = 20_000;
    private static readonly ConcurrentDictionary<string, ExpressionTemplate?> Cache = new(StringComparer.Ordinal);

    private ExpressionTemplate(IReadOnlyList<TemplatePart> parts, string text)
    {
        Parts = parts;
        Uses = GlobalsScan.In(text);
    }

    public IReadOnlyList<TemplatePart> Parts { get; }

    /// <summary>The expression globals the text mentions, so an evaluation sets only those.</summary>
    public Globals Uses { get; }

    /// <summary>The whole text is one expression: its value keeps its type (number, object, ...) instead of becoming text.</summary>
    public bool IsSingleExpression => Parts is [{ Expression: not null }];

    /// <summary>The template of <paramref name="text"/>, or null when it holds no expression (a plain value).</summary>
    /// <exception cref="ExpressionFailedException">An expression does not parse or is not closed.</exception>
    public static ExpressionTemplate? Of(string text)
    {
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }
        if (Cache.TryGetValue(text, out var cached))
        {
            return cached;
        }
        var template = Parse(text);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }
        Cache[text] = template;
        return template;
    }

    private static ExpressionTemplate Parse(string text)
    {
        var body = text.StartsWith('=') ? text[1..] : text;
        var parts = new List<TemplatePart>();
        var position = 0;
        while (position < body.Length)
        {
            var open = body.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                parts.Add(new TemplatePart(body[position..], null, null));
                break;
            }
            if (open > position)
            {
                parts.Add(new TemplatePart(body[position..open], null, null));
            }
            var close = FindClose(body, open + 2);
            if (close < 0)
            {
                throw new ExpressionFailedException(body[open..], "the expression is not closed with }}.");
            }
            var source = body[(open + 2)..close].Trim();
            if (source.Length == 0)
            {
                throw new ExpressionFailedException("{{ }}", "the expression is empty.");
            }
            parts.Add(new TemplatePart(null, source, Prepare(source)));
            position = close + 2;
        }
        return new ExpressionTemplate(parts, body);
    }

    /// <summary>Parses an expression as JavaScript, wrapped so that an object literal is a value and not a block.</summary>
    public static Prepared<Acornima.Ast.Script> Prepare(string expression)
    {
        try
        {
            return Engine.PrepareScript("(" + expression + "\n)", strict: true);
        }
        catch (Exception error) when (error is ScriptPreparationException or ParseErrorException or Jint.Runtime.JavaScriptException)
        {
            throw new ExpressionFailedException("{{ " + expression + " }}", Describe(error));
        }
    }

    public static string Describe(Exception error) =>
        error switch
        {
            ParseErrorException parse => parse.Description,
            { InnerException: ParseErrorException parse } => parse.Description,
            _ => error.Message,
        };

    /// <summary>The <c>}}</c> closing an expression that starts at <paramref name="from"/>: braces of object literals and strings inside do not close it.</summary>
    private static int FindClose(string text, int from)
    {
        var depth = 0;
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }
                continue;
            }
            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '{':
                    depth++;
                    break;
                case '}' when depth > 0:
                    depth--;
                    break;
                case '}' when i + 1 < text.Length && text[i + 1] == '}':
                    return i;
            }
        }
        return -1;
    }
}

/// <summary>Literal text, or an expression with its source and parsed script.</summary>
internal sealed record TemplatePart(string? Literal, string? Expression, Prepared<Acornima.Ast.Script>? Script);

/// <summary>The expression globals a text may mention.</summary>
[Flags]
internal enum Globals
{
    None = 0,
    Node = 1,
    Trigger = 2,
    Vars = 4,
    Now = 8,
    Input = 16,
    Item = 32,
    Run = 64,

    All = Node | Trigger | Vars | Now | Input | Item | Run,
}

internal static class GlobalsScan
{
    public static Globals In(string text)
    {
        var uses = Globals.None;
        if (text.Contains("$node", StringComparison.Ordinal) || text.Contains("$(", StringComparison.Ordinal))
        {
            uses |= Globals.Node;
        }
        if (text.Contains("$trigger", StringComparison.Ordinal))
        {
            uses |= Globals.Trigger;
        }
        if (text.Contains("$vars", StringComparison.Ordinal))
        {
            uses |= Globals.Vars;
        }
        if (text.Contains("$now", StringComparison.Ordinal) || text.Contains("$today", StringComparison.Ordinal))
        {
            uses |= Globals.Now;
        }
        if (text.Contains("$input", StringComparison.Ordinal) || text.Contains("$items", StringComparison.Ordinal))
        {
            uses |= Globals.Input;
        }
        if (text.Contains("$item", StringComparison.Ordinal))
        {
            uses |= Globals.Item | Globals.Node;
        }
        if (text.Contains("$execution", StringComparison.Ordinal) || text.Contains("$workflow", StringComparison.Ordinal))
        {
            uses |= Globals.Run;
        }
        return uses;
    }
}
