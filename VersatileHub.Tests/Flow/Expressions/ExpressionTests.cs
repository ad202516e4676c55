using System.Text.Json.Nodes;
using VersatileHub.Flow.Expressions;
using VersatileHub.Tests.Flow.Logic;

namespace VersatileHub.Tests.Flow.Expressions;

public sealed class ExpressionTests
{
    private readonly NodeHarness _harness = new()
    {
        Variables = new VariableSet(new Dictionary<string, string> { ["Greeting"] = "Hola", ["ApiKey"] = "sk-live-123456" }, ["sk-live-123456"]),
    };

    private JsonNode? Evaluate(string text, params JsonObject[] items) =>
        _harness.Scope([NodeHarness.Item("""{"source":"whatsapp","data":{"total":150}}""")]).Evaluate(JsonValue.Create(text), items, 0);

    [Fact]
    public void Text_without_braces_is_kept_as_it_is_and_a_leading_equals_sign_is_dropped()
    {
        Assert.Equal("plain text", Evaluate("plain text")!.GetValue<string>());
        Assert.Equal("n8n style", Evaluate("=n8n style")!.GetValue<string>());
    }

    [Fact]
    public void A_parameter_that_is_one_expression_keeps_its_value_type()
    {
        var item = NodeHarness.Item("""{"qty":3,"price":2.5,"tags":["a","b"]}""");
        Assert.Equal(7.5, Evaluate("{{ $json.qty * $json.price }}", item)!.GetValue<double>());
        Assert.Equal("""["a","b"]""", Evaluate("={{ $json.tags }}", item)!.ToJsonString());
        Assert.Equal("""{"n":3}""", Evaluate("{{ { n: $json.qty } }}", item)!.ToJsonString());
        Assert.Null(Evaluate("{{ $json.missing }}", item));
    }

    [Fact]
    public void Expressions_inside_text_are_joined_into_text()
    {
        var item = NodeHarness.Item("""{"name":"Lucía","qty":3}""");
        Assert.Equal("Hola Lucía, 3 items", Evaluate("{{ $vars.Greeting }} {{ $json.name }}, {{ $json.qty }} items", item)!.GetValue<string>());
    }

    [Fact]
    public void Expressions_read_earlier_nodes_the_trigger_the_item_index_and_the_run()
    {
        _harness.Earlier["Order"] = [NodeHarness.Item("""{"id":41}"""), NodeHarness.Item("""{"id":42}""")];
        var items = new[] { NodeHarness.Item("""{"x":1}"""), NodeHarness.Item("""{"x":2}""") };
        var scope = _harness.Scope([NodeHarness.Item("""{"source":"hub"}""")]);

        Assert.Equal(42, scope.Evaluate(JsonValue.Create("""{{ $node["Order"].json.id }}"""), items, 1)!.GetValue<long>());
        Assert.Equal(41, scope.Evaluate(JsonValue.Create("""{{ $("Order").first().json.id }}"""), items, 1)!.GetValue<long>());
        Assert.Equal(42, scope.Evaluate(JsonValue.Create("""{{ $("Order").item.json.id }}"""), items, 1)!.GetValue<long>());
        Assert.Equal(2, scope.Evaluate(JsonValue.Create("{{ $input.all().length }}"), items, 0)!.GetValue<long>());
        Assert.Equal(2, scope.Evaluate(JsonValue.Create("{{ $item(1).$json.x }}"), items, 0)!.GetValue<long>());
        Assert.Equal("hub#1", scope.Evaluate(JsonValue.Create("{{ $trigger.source }}#{{ $index }}"), items, 1)!.GetValue<string>());
        Assert.Equal("Spec", scope.Evaluate(JsonValue.Create("{{ $workflow.name }}"), items, 0)!.GetValue<string>());
    }

    [Fact]
    public void Now_is_read_from_the_runs_clock()
    {
        Assert.Equal("2031-03-02T12:00:00.000Z", Evaluate("{{ $now.toISOString() }}")!.GetValue<string>());
        _harness.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("2031-03-02T13:00:00.000Z", Evaluate("{{ $now }}")!.GetValue<string>());
    }

    [Fact]
    public void A_failing_expression_names_the_expression_and_the_reason()
    {
        var failed = Assert.Throws<ExpressionFailedException>(() => Evaluate("Total: {{ $json.order.total }}", NodeHarness.Item("{}")));
        Assert.Equal("{{ $json.order.total }}", failed.Expression);
        Assert.Contains("{{ $json.order.total }}", failed.Message);
        Assert.Contains("total", failed.Reason);
    }

    [Fact]
    public void An_endless_expression_is_stopped()
    {
        var failed = Assert.Throws<ExpressionFailedException>(() => Evaluate("{{ (() => { while (true) {} })() }}"));
        Assert.Matches("ran out of time|too many statements", failed.Reason);
    }

    [Fact]
    public void Expressions_reach_no_dotnet_type_and_cannot_compile_strings()
    {
        Assert.Equal("undefined", Evaluate("{{ typeof System }}")!.GetValue<string>());
        Assert.Equal("undefined", Evaluate("{{ typeof importNamespace }}")!.GetValue<string>());
        Assert.Throws<ExpressionFailedException>(() => Evaluate("{{ eval('1 + 1') }}"));
        Assert.Throws<ExpressionFailedException>(() => Evaluate("{{ new Function('return 1')() }}"));
    }

    [Fact]
    public void Check_names_the_syntax_error_and_accepts_valid_expressions()
    {
        Assert.Null(ExpressionEvaluator.Check("Hola {{ $json.name }}"));
        Assert.Null(ExpressionEvaluator.Check("no expressions at all"));
        Assert.Contains("{{ $json. }}", ExpressionEvaluator.Check("{{ $json. }}"));
        Assert.Contains("not closed", ExpressionEvaluator.Check("{{ $json.name"));
    }

    [Fact]
    public void A_filter_holds_for_the_events_it_describes()
    {
        var envelope = NodeHarness.Item("""{"type":"order.created","tenant":1,"data":{"total":150,"channel":"whatsapp"}}""");
        Assert.True(ExpressionEvaluator.Matches("$event.data.total > 100", envelope));
        Assert.True(ExpressionEvaluator.Matches("{{ $event.data.channel === 'whatsapp' }}", envelope));
        Assert.False(ExpressionEvaluator.Matches("$event.data.total > 1000", envelope));
        Assert.True(ExpressionEvaluator.Matches("  ", envelope));
        Assert.Throws<ExpressionFailedException>(() => ExpressionEvaluator.Matches("$event.data.missing.deeper", envelope));
    }

    [Fact]
    public void Secret_values_are_masked_wherever_they_would_be_stored()
    {
        var variables = _harness.Variables;
        Assert.Equal("Bearer ***", variables.Mask("Bearer sk-live-123456"));
        var masked = variables.Mask(NodeHarness.Item("""{"headers":{"authorization":"Bearer sk-live-123456"},"n":1}"""));
        Assert.Equal("""{"headers":{"authorization":"Bearer ***"},"n":1}""", masked!.ToJsonString());
        Assert.Equal("Hola", variables.Mask("Hola"));
    }
}
