using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;

namespace VersatileHub.Flow.Expressions;

/// <summary>
/// Checks <c>{{ ... }}</c> expressions when a definition is saved and evaluates event filters. A run's parameters are
/// evaluated by its <see cref="ExpressionScope"/>.
/// </summary>
public static class ExpressionEvaluator
{
    private static readonly ScriptLimits FilterLimits = new ScriptLimits().ForExpressions();
    private static readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> Filters = new(StringComparer.Ordinal);

    [ThreadStatic]
    private static Engine? _filterEngine;

    /// <summary>The syntax error in the expressions of <paramref name="text"/>, or null when they parse.</summary>
    public static string? Check(string text)
    {
        try
        {
            _ = ExpressionTemplate.Of(text);
            return null;
        }
        catch (ExpressionFailedException failed)
        {
            return failed.Message;
        }
    }

    /// <summary>
    /// Whether an event trigger's filter (a JavaScript expression over <c>$event</c>, the envelope; <c>{{ }}</c> around it
    /// optional) holds for <paramref name="envelope"/>: its value is truthy. An empty filter holds for every event.
    /// </summary>
    /// <exception cref="ExpressionFailedException">The filter does not parse, throws, or goes over a limit.</exception>
    public static bool Matches(string filter, JsonObject envelope)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(envelope);
        var source = filter.Trim();
        if (source.StartsWith('='))
        {
            source = source[1..].Trim();
        }
        if (source.StartsWith("{{", StringComparison.Ordinal) && source.EndsWith("}}", StringComparison.Ordinal))
        {
            source = source[2..^2].Trim();
        }
        if (source.Length == 0)
        {
            return true;
        }
        var script = Filters.GetOrAdd(source, ExpressionTemplate.Prepare);
        if (Filters.Count > 10_000)
        {
            Filters.Clear();
        }
        var engine = _filterEngine ??= ExpressionScope.NewEngine(FilterLimits);
        try
        {
            var value = JsValues.From(engine, envelope);
            engine.SetValue("$event", value);
            engine.SetValue("$json", value);
            return TypeConverter(engine.Evaluate(script));
        }
        catch (Exception error) when (ExpressionScope.IsScriptFailure(error))
        {
            throw new ExpressionFailedException("{{ " + source + " }}", ExpressionScope.Describe(error), error);
        }
    }

    private static bool TypeConverter(JsValue value) => Jint.Runtime.TypeConverter.ToBoolean(value);
}
