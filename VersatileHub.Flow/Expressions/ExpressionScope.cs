using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Jint.Runtime;

namespace VersatileHub.Flow.Expressions;

/// <summary>What expressions of one run may read besides the current items.</summary>
public sealed record RunFacts(
    Guid RunId,
    Guid WorkflowId,
    string WorkflowName,
    IReadOnlyList<JsonObject> TriggerItems,
    VariableSet Variables,
    TimeProvider Clock,
    TimeZoneInfo TimeZone);

/// <summary>
/// The expression context of one run: one Jint engine (made on the first expression, reused for every later one), the
/// outputs of the nodes executed so far, and the run's facts. Values are converted to script values once and cached; an
/// evaluation sets only the globals its text mentions. Not thread-safe: a run evaluates one expression at a time.
/// </summary>
public sealed class ExpressionScope(RunFacts facts, ScriptLimits limits)
{
    private static readonly Prepared<Acornima.Ast.Script> Prelude = Engine.PrepareScript(PreludeSource, strict: true);

    private readonly ScriptLimits _expressionLimits = limits.ForExpressions();
    private readonly Dictionary<string, IReadOnlyList<JsonObject>> _outputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stale = new(StringComparer.Ordinal);
    private Engine? _engine;
    private IReadOnlyList<JsonObject>? _itemsOf;
    private JsArray? _itemValues;

    public RunFacts Facts { get; } = facts;

    public ScriptLimits Limits { get; } = limits;

    /// <summary>What <c>$node["Name"]</c> and <c>$("Name")</c> read: the items the node sent on, all outputs in order.</summary>
    public void SetNodeOutput(string node, IReadOnlyList<JsonObject> items)
    {
        _outputs[node] = items;
        _stale.Add(node);
    }

    public IReadOnlyList<JsonObject>? NodeOutput(string node) => _outputs.GetValueOrDefault(node);

    /// <summary>
    /// <paramref name="raw"/> with every <c>{{ expression }}</c> in its strings evaluated for item <paramref name="index"/> of
    /// <paramref name="items"/>; always a new node (never part of the definition), so a node may put it into its items.
    /// </summary>
    /// <exception cref="ExpressionFailedException">An expression does not parse, throws, or goes over a limit.</exception>
    public JsonNode? Evaluate(JsonNode? raw, IReadOnlyList<JsonObject> items, int index) =>
        raw switch
        {
            null => null,
            JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Evaluate(p.Value, items, index)))),
            JsonArray array => new JsonArray([.. array.Select(v => Evaluate(v, items, index))]),
            JsonValue value when value.TryGetValue<string>(out var text) => EvaluateText(text, items, index),
            _ => raw.DeepClone(),
        };

    private JsonNode? EvaluateText(string text, IReadOnlyList<JsonObject> items, int index)
    {
        var template = ExpressionTemplate.Of(text);
        if (template is null)
        {
            return JsonValue.Create(text.StartsWith('=') ? text[1..] : text);
        }
        var engine = _engine ??= CreateEngine(_expressionLimits);
        Populate(engine, template.Uses, items, index);
        if (template.IsSingleExpression)
        {
            return JsValues.ToJson(engine, Run(engine, template.Parts[0]));
        }
        var text2 = new System.Text.StringBuilder();
        foreach (var part in template.Parts)
        {
            if (part.Literal is not null)
            {
                text2.Append(part.Literal);
                continue;
            }
            var value = Run(engine, part);
            text2.Append(JsValues.ToJson(engine, value) switch
            {
                null => "",
                JsonValue json when json.TryGetValue<string>(out var s) => s,
                var json => json.ToJsonString(),
            });
        }
        return JsonValue.Create(text2.ToString());
    }

    private static JsValue Run(Engine engine, TemplatePart part)
    {
        try
        {
            return engine.Evaluate(part.Script!.Value);
        }
        catch (Exception error) when (IsScriptFailure(error))
        {
            throw new ExpressionFailedException("{{ " + part.Expression + " }}", Describe(error), error);
        }
    }

    /// <summary>A fresh engine under <paramref name="limits"/>, with the prelude and this run's facts: for a Code node's script.</summary>
    public Engine CreateCodeEngine() => CreateEngine(Limits);

    /// <summary>Sets the globals a script reads for item <paramref name="index"/> of <paramref name="items"/> (the node's input).</summary>
    internal void Populate(Engine engine, Globals uses, IReadOnlyList<JsonObject> items, int index)
    {
        if (!ReferenceEquals(engine, _engine))
        {
            // A Code node's engine: its own copies of everything, nothing cached across engines.
            PopulateFresh(engine, items, index);
            return;
        }
        var values = ItemValues(engine, items);
        engine.SetValue("__items", values);
        engine.SetValue("__index", index);
        engine.SetValue("$index", index);
        engine.SetValue("$json", index < values.Length ? values[index] : JsValue.Undefined);
        if ((uses & Globals.Node) != 0 && _stale.Count > 0)
        {
            var outputs = engine.GetValue("__outputs").AsObject();
            foreach (var node in _stale)
            {
                outputs.Set(node, ToArray(engine, _outputs[node]));
            }
            _stale.Clear();
        }
        if ((uses & Globals.Now) != 0)
        {
            SetNow(engine);
        }
    }

    private void PopulateFresh(Engine engine, IReadOnlyList<JsonObject> items, int index)
    {
        var values = ToArray(engine, items);
        engine.SetValue("__items", values);
        engine.SetValue("__index", index);
        engine.SetValue("$index", index);
        engine.SetValue("$json", index < values.Length ? values[index] : JsValue.Undefined);
        var outputs = engine.GetValue("__outputs").AsObject();
        foreach (var (node, output) in _outputs)
        {
            outputs.Set(node, ToArray(engine, output));
        }
        SetNow(engine);
    }

    private JsArray ItemValues(Engine engine, IReadOnlyList<JsonObject> items)
    {
        if (!ReferenceEquals(items, _itemsOf) || _itemValues is null)
        {
            _itemValues = ToArray(engine, items);
            _itemsOf = items;
        }
        return _itemValues;
    }

    private static JsArray ToArray(Engine engine, IReadOnlyList<JsonObject> items)
    {
        var values = new JsValue[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = JsValues.From(engine, items[i]);
        }
        return new JsArray(engine, values);
    }

    private void SetNow(Engine engine)
    {
        var now = Facts.Clock.GetUtcNow();
        var local = TimeZoneInfo.ConvertTime(now, Facts.TimeZone);
        var midnight = new DateTimeOffset(local.Date, local.Offset);
        engine.SetValue("$now", engine.Construct("Date", now.ToUnixTimeMilliseconds()));
        engine.SetValue("$today", engine.Construct("Date", midnight.ToUnixTimeMilliseconds()));
    }

    private Engine CreateEngine(ScriptLimits scriptLimits)
    {
        var engine = NewEngine(scriptLimits);
        engine.Evaluate(Prelude);
        engine.SetValue("$trigger", Facts.TriggerItems.Count > 0 ? JsValues.From(engine, Facts.TriggerItems[0]) : JsValue.Null);
        var vars = new JsObject(engine);
        foreach (var (name, value) in Facts.Variables.Values)
        {
            vars.Set(name, value);
        }
        engine.SetValue("$vars", vars);
        var execution = new JsObject(engine);
        execution.Set("id", Facts.RunId.ToString());
        engine.SetValue("$execution", execution);
        var workflow = new JsObject(engine);
        workflow.Set("id", Facts.WorkflowId.ToString());
        workflow.Set("name", Facts.WorkflowName);
        engine.SetValue("$workflow", workflow);
        return engine;
    }

    /// <summary>An engine under the limits, strict, without <c>eval</c>/<c>Function</c> from strings and without any .NET type.</summary>
    internal static Engine NewEngine(ScriptLimits scriptLimits) =>
        new(options => options
            .Strict()
            .DisableStringCompilation()
            .TimeoutInterval(scriptLimits.Timeout)
            .MaxStatements(scriptLimits.MaxStatements)
            .LimitMemory(scriptLimits.MemoryBytes)
            .LimitRecursion(scriptLimits.RecursionDepth));

    internal static bool IsScriptFailure(Exception error) =>
        error is JavaScriptException or TimeoutException or StatementsCountOverflowException or MemoryLimitExceededException
            or RecursionDepthOverflowException or ExecutionCanceledException or JintException or InvalidOperationException
            or ArgumentException;

    internal static string Describe(Exception error) =>
        error switch
        {
            TimeoutException => "it ran out of time.",
            StatementsCountOverflowException => "it ran too many statements.",
            MemoryLimitExceededException => "it used too much memory.",
            RecursionDepthOverflowException => "it recursed too deeply.",
            _ => error.Message,
        };

    private const string PreludeSource = """
        var __outputs = {};
        var __items = [];
        var __index = 0;
        var $index = 0;
        var $json;
        function __wrap(list) { return list.map(function (j) { return { json: j }; }); }
        function __view(list, index) {
          var at = index < list.length ? list[index] : list[0];
          return {
            json: at,
            item: { json: at },
            get items() { return __wrap(list); },
            first: function () { return { json: list[0] }; },
            last: function () { return { json: list[list.length - 1] }; },
            all: function () { return __wrap(list); },
          };
        }
        function __nodes(index) {
          return new Proxy({}, {
            get: function (t, name) { var l = __outputs[name]; return l === undefined ? undefined : __view(l, index); },
            has: function (t, name) { return name in __outputs; },
          });
        }
        function __node(name, index) {
          var l = __outputs[name];
          if (l === undefined) { throw new Error('No node called "' + name + '" has run before this one.'); }
          return __view(l, index);
        }
        var $node = new Proxy({}, {
          get: function (t, name) { var l = __outputs[name]; return l === undefined ? undefined : __view(l, __index); },
          has: function (t, name) { return name in __outputs; },
        });
        function $(name) { return __node(name, __index); }
        function $item(i) {
          return { json: __items[i], $json: __items[i], $node: __nodes(i), $: function (name) { return __node(name, i); } };
        }
        function $items(name) { return name === undefined ? __wrap(__items) : __node(name, 0).all(); }
        var $input = {
          get item() { return { json: __items[__index] }; },
          first: function () { return { json: __items[0] }; },
          last: function () { return { json: __items[__items.length - 1] }; },
          all: function () { return __wrap(__items); },
        };
        """;
}
