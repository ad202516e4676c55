using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Jint;
using Jint.Native;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Flow.Execution;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Workflows;

namespace VersatileHub.Flow.Nodes.Logic;

/// <summary>
/// <c>code</c>: the author's JavaScript (<c>jsCode</c>) on Jint, as n8n's Code node: <c>mode</c>
/// <c>runOnceForAllItems</c> (the default: <c>items</c> / <c>$input.all()</c> in, an array of items out) or
/// <c>runOnceForEachItem</c> (<c>$json</c> in, one item out); <c>await</c> works. Items may be returned as <c>{ json }</c>
/// or as plain objects. The script has the run's globals (<c>$node</c>, <c>$trigger</c>, <c>$vars</c>, <c>$now</c>, ...),
/// no .NET type, no <c>eval</c>, and stops at the time, statement, memory and recursion limits of <see cref="ScriptLimits"/>.
/// </summary>
internal sealed class CodeNode : INodeType
{
    private const string AllItems = "runOnceForAllItems";
    private const string EachItem = "runOnceForEachItem";
    private static readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> Scripts = new(StringComparer.Ordinal);
    private static readonly Prepared<Acornima.Ast.Script> ItemsGlobal = Engine.PrepareScript("var items = $input.all();", strict: true);

    public string Type => NodeTypes.Code;

    public NodeKind Kind => NodeKind.Logic;

    public IEnumerable<DefinitionError> Validate(WorkflowNode node)
    {
        if (Parameters.Text(node, "language") is { } language && language != "javaScript")
        {
            yield return new DefinitionError(node.Name, "parameters.language", "Flow runs JavaScript (javaScript) only.");
        }
        if (Parameters.Text(node, "mode") is { } mode && mode is not (AllItems or EachItem))
        {
            yield return new DefinitionError(node.Name, "parameters.mode", $"Use {AllItems} or {EachItem}.");
        }
        if (Parameters.Text(node, "jsCode") is not { } code)
        {
            yield return new DefinitionError(node.Name, "parameters.jsCode", "Write the code to run.");
        }
        else if (Syntax(code) is { } error)
        {
            yield return new DefinitionError(node.Name, "parameters.jsCode", error);
        }
    }

    public ValueTask<NodeOutcome> ExecuteAsync(NodeExecution execution, CancellationToken cancellationToken)
    {
        var code = execution.Node.Parameters["jsCode"]?.GetValue<string>() ?? throw new NodeFailedException("parameters.jsCode is required.");
        var script = Prepare(code);
        var expressions = execution.Services.GetRequiredService<RunContext>().Expressions;
        var engine = expressions.CreateCodeEngine();
        var items = execution.Items;
        var results = new List<JsonObject>();
        try
        {
            if ((execution.Text("mode") ?? AllItems) == EachItem)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    expressions.Populate(engine, Globals.All, items, i);
                    var value = Run(engine, script, cancellationToken);
                    if (value.IsUndefined() || value.IsNull())
                    {
                        continue;
                    }
                    if (value.IsArray())
                    {
                        throw new NodeFailedException($"In {EachItem} mode the code returns one item (an object), not an array (item {i}).");
                    }
                    results.Add(Item(engine, value, i));
                }
            }
            else
            {
                expressions.Populate(engine, Globals.All, items, 0);
                engine.Evaluate(ItemsGlobal);
                var value = Run(engine, script, cancellationToken);
                if (value.IsArray())
                {
                    var array = value.AsArray();
                    for (uint i = 0; i < array.Length; i++)
                    {
                        results.Add(Item(engine, array[i], (int)i));
                    }
                }
                else if (value.IsObject())
                {
                    results.Add(Item(engine, value, 0));
                }
                else if (!value.IsUndefined() && !value.IsNull())
                {
                    throw new NodeFailedException("The code must return an array of items (objects).");
                }
            }
        }
        catch (Exception error) when (ExpressionScope.IsScriptFailure(error) && error is not NodeFailedException)
        {
            throw new NodeFailedException($"The code failed: {ExpressionScope.Describe(error)}", error);
        }
        return ValueTask.FromResult<NodeOutcome>(NodeOutcome.Single(results));
    }

    private static JsValue Run(Engine engine, Prepared<Acornima.Ast.Script> script, CancellationToken cancellationToken) =>
        engine.Evaluate(script).UnwrapIfPromise(cancellationToken);

    /// <summary>A returned item: <c>{ json: {...} }</c> as n8n writes them, or the object itself.</summary>
    private static JsonObject Item(Engine engine, JsValue value, int index)
    {
        var json = JsValues.ToJson(engine, value) as JsonObject
            ?? throw new NodeFailedException($"Item {index} the code returned is not an object.");
        if (json["json"] is JsonObject inner && json.All(p => p.Key is "json" or "binary" or "pairedItem"))
        {
            json.Remove("json");
            return inner;
        }
        return json;
    }

    private static Prepared<Acornima.Ast.Script> Prepare(string code)
    {
        if (Scripts.TryGetValue(code, out var known))
        {
            return known;
        }
        Prepared<Acornima.Ast.Script> script;
        try
        {
            script = Engine.PrepareScript(Wrap(code), strict: true);
        }
        catch (Exception error) when (error is ScriptPreparationException or Acornima.ParseErrorException or Jint.Runtime.JavaScriptException)
        {
            throw new NodeFailedException($"The code does not parse: {ExpressionTemplate.Describe(error)}");
        }
        if (Scripts.Count > 2_000)
        {
            Scripts.Clear();
        }
        return Scripts[code] = script;
    }

    private static string? Syntax(string code)
    {
        try
        {
            Engine.PrepareScript(Wrap(code), strict: true);
            return null;
        }
        catch (Exception error) when (error is ScriptPreparationException or Acornima.ParseErrorException or Jint.Runtime.JavaScriptException)
        {
            return $"The code does not parse: {ExpressionTemplate.Describe(error)}";
        }
    }

    // The author's code is a function body: it may return, and await.
    private static string Wrap(string code) => "(async function () {\n" + code + "\n})()";
}
