using System.Text.Json.Nodes;
using VersatileHub.Flow.Expressions;
using VersatileHub.Flow.Nodes;
using VersatileHub.Flow.Nodes.Logic;
using VersatileHub.Flow.Workflows;
using static VersatileHub.Tests.Flow.Logic.NodeHarness;

namespace VersatileHub.Tests.Flow.Logic;

public sealed class LogicNodeTests
{
    private readonly NodeHarness _harness = new();

    private static readonly JsonObject[] Orders =
    [
        Item("""{"id":1,"total":50,"channel":"web"}"""),
        Item("""{"id":2,"total":150,"channel":"whatsapp"}"""),
        Item("""{"id":3,"total":900,"channel":"WhatsApp"}"""),
    ];

    [Fact]
    public async Task Triggers_pass_their_items_on()
    {
        foreach (INodeType trigger in new INodeType[] { new ManualTriggerNode(), new WebhookNode(), new ScheduleTriggerNode(), new EventTriggerNode(), new ErrorTriggerNode() })
        {
            var outputs = Outputs(await _harness.RunAsync(trigger, "{}", Orders));
            Assert.Equal(NodeKind.Trigger, trigger.Kind);
            Assert.Equal(Json(Orders), Json(outputs[0]));
        }
    }

    [Fact]
    public async Task If_sends_items_that_meet_n8n_v2_conditions_to_output_0_and_the_rest_to_output_1()
    {
        var outputs = Outputs(await _harness.RunAsync(new IfNode(), """
            {"conditions":{"options":{"caseSensitive":false},"combinator":"and","conditions":[
              {"leftValue":"={{ $json.total }}","rightValue":100,"operator":{"type":"number","operation":"gt"}},
              {"leftValue":"={{ $json.channel }}","rightValue":"whatsapp","operator":{"type":"string","operation":"equals"}}]}}
            """, Orders));
        Assert.Equal([2, 3], outputs[0].Select(i => (int)i["id"]!));
        Assert.Equal([1], outputs[1].Select(i => (int)i["id"]!));
    }

    [Fact]
    public async Task If_understands_n8n_v1_conditions_and_a_single_condition_expression()
    {
        var v1 = Outputs(await _harness.RunAsync(new IfNode(), """
            {"conditions":{"number":[{"value1":"={{$json.total}}","operation":"larger","value2":100}],
                           "string":[{"value1":"={{$json.channel}}","operation":"equal","value2":"web"}]},"combineOperation":"any"}
            """, Orders));
        Assert.Equal(3, v1[0].Count);
        var single = Outputs(await _harness.RunAsync(new IfNode(), """{"condition":"{{ $json.total >= 900 }}"}""", Orders));
        Assert.Equal([3], single[0].Select(i => (int)i["id"]!));
        Assert.Equal(2, single[1].Count);
    }

    [Fact]
    public async Task Switch_routes_each_item_to_the_first_rule_that_holds_and_the_rest_to_the_fallback()
    {
        var outputs = Outputs(await _harness.RunAsync(new SwitchNode(), """
            {"mode":"rules","rules":{"values":[
              {"conditions":{"conditions":[{"leftValue":"={{ $json.total }}","rightValue":500,"operator":{"type":"number","operation":"gte"}}]}},
              {"conditions":{"conditions":[{"leftValue":"={{ $json.channel }}","rightValue":"whatsapp","operator":{"type":"string","operation":"equals"}}]}}]},
             "options":{"fallbackOutput":"extra"}}
            """, Orders));
        Assert.Equal(3, outputs.Count);
        Assert.Equal([3], outputs[0].Select(i => (int)i["id"]!));
        Assert.Equal([2], outputs[1].Select(i => (int)i["id"]!));
        Assert.Equal([1], outputs[2].Select(i => (int)i["id"]!));
    }

    [Fact]
    public async Task Switch_in_expression_mode_sends_each_item_to_the_computed_output()
    {
        var outputs = Outputs(await _harness.RunAsync(new SwitchNode(), """{"mode":"expression","numberOutputs":2,"output":"={{ $json.total > 100 ? 1 : 0 }}"}""", Orders));
        Assert.Equal([1], outputs[0].Select(i => (int)i["id"]!));
        Assert.Equal([2, 3], outputs[1].Select(i => (int)i["id"]!));
        await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new SwitchNode(), """{"mode":"expression","numberOutputs":2,"output":"={{ 5 }}"}""", Orders));
    }

    [Fact]
    public async Task Switch_understands_the_older_value_and_rules_shape()
    {
        var outputs = Outputs(await _harness.RunAsync(new SwitchNode(), """
            {"dataType":"string","value1":"={{ $json.channel }}","rules":{"rules":[{"operation":"equal","value2":"web","output":0},{"operation":"equal","value2":"whatsapp","output":1}]},"fallbackOutput":2}
            """, Orders));
        Assert.Equal([1], outputs[0].Select(i => (int)i["id"]!));
        Assert.Equal([2], outputs[1].Select(i => (int)i["id"]!));
        Assert.Equal([3], outputs[2].Select(i => (int)i["id"]!));
    }

    [Fact]
    public async Task Set_writes_typed_fields_with_dot_notation_and_keeps_other_fields_only_when_asked()
    {
        var parameters = """
            {"assignments":{"assignments":[
              {"name":"customer.name","value":"={{ $json.name.toUpperCase() }}","type":"string"},
              {"name":"qty","value":"7","type":"number"},
              {"name":"vip","value":"true","type":"boolean"},
              {"name":"tags","value":"[\"a\"]","type":"array"}]},
             "includeOtherFields":INCLUDE}
            """;
        var only = Outputs(await _harness.RunAsync(new SetNode(), parameters.Replace("INCLUDE", "false"), Item("""{"name":"ana","keep":1}""")))[0];
        Assert.Equal("""{"customer":{"name":"ANA"},"qty":7,"vip":true,"tags":["a"]}""", only[0].ToJsonString());
        var merged = Outputs(await _harness.RunAsync(new SetNode(), parameters.Replace("INCLUDE", "true"), Item("""{"name":"ana","keep":1}""")))[0];
        Assert.Equal(1, (int)merged[0]["keep"]!);
        await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new SetNode(),
            """{"assignments":{"assignments":[{"name":"qty","value":"many","type":"number"}]}}""", Item("{}")));
    }

    [Fact]
    public async Task Set_understands_raw_json_and_the_older_values_shape()
    {
        var raw = Outputs(await _harness.RunAsync(new SetNode(), """{"mode":"raw","jsonOutput":"={{ JSON.stringify({ id: $json.id, double: $json.total * 2 }) }}"}""", Orders[0]))[0];
        Assert.Equal("""{"id":1,"double":100}""", raw[0].ToJsonString());
        var older = Outputs(await _harness.RunAsync(new SetNode(), """{"values":{"string":[{"name":"status","value":"paid"}],"number":[{"name":"n","value":2}]},"keepOnlySet":false}""", Orders[0]))[0];
        Assert.Equal("paid", (string)older[0]["status"]!);
        Assert.Equal(50, (int)older[0]["total"]!);
    }

    [Fact]
    public async Task Code_runs_once_for_all_items_with_items_and_input_and_may_return_plain_objects()
    {
        var outputs = Outputs(await _harness.RunAsync(new CodeNode(), """
            {"jsCode":"const sum = items.reduce((s, i) => s + i.json.total, 0);\nreturn [{ json: { sum, count: $input.all().length } }, { plain: true }];"}
            """, Orders))[0];
        Assert.Equal("""{"sum":1100,"count":3}""", outputs[0].ToJsonString());
        Assert.Equal("""{"plain":true}""", outputs[1].ToJsonString());
    }

    [Fact]
    public async Task Code_runs_once_for_each_item_and_may_await()
    {
        var outputs = Outputs(await _harness.RunAsync(new CodeNode(), """
            {"mode":"runOnceForEachItem","jsCode":"const v = await Promise.resolve($json.total);\nreturn { json: { id: $json.id, half: v / 2, index: $index } };"}
            """, Orders))[0];
        Assert.Equal([25.0, 75.0, 450.0], outputs.Select(i => (double)i["half"]!));
        Assert.Equal([0, 1, 2], outputs.Select(i => (int)i["index"]!));
    }

    [Fact]
    public async Task Code_that_loops_forever_is_stopped_by_its_limits()
    {
        var failed = await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new CodeNode(), """{"jsCode":"while (true) {}"}""", Orders));
        Assert.Matches("ran out of time|too many statements", failed.Message);
    }

    [Fact]
    public async Task Code_that_allocates_without_end_is_stopped_by_the_memory_limit()
    {
        var failed = await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new CodeNode(),
            """{"jsCode":"const hoard = [];\nwhile (true) { hoard.push(new Array(100000).fill('x')); }"}""", Orders));
        Assert.Contains("too much memory", failed.Message);
    }

    [Fact]
    public async Task Code_that_recurses_without_end_is_stopped()
    {
        var failed = await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new CodeNode(),
            """{"jsCode":"function down(n) { return down(n + 1); }\nreturn [{ json: { n: down(0) } }];"}""", Orders));
        Assert.Contains("failed", failed.Message);
    }

    [Fact]
    public async Task Code_reaches_no_dotnet_type()
    {
        var outputs = Outputs(await _harness.RunAsync(new CodeNode(),
            """{"jsCode":"return [{ json: { system: typeof System, clr: typeof importNamespace, host: typeof host } }];"}""", Orders))[0];
        Assert.Equal("""{"system":"undefined","clr":"undefined","host":"undefined"}""", outputs[0].ToJsonString());
    }

    [Fact]
    public void Code_that_does_not_parse_is_refused_when_saved_naming_the_field()
    {
        var node = new WorkflowNode { Name = "Transform", Type = NodeTypes.Code, Parameters = Item("""{"jsCode":"return [;"}""") };
        var error = Assert.Single(new CodeNode().Validate(node));
        Assert.Equal(("Transform", "parameters.jsCode"), (error.Node, error.Field));
    }

    [Fact]
    public async Task Wait_pauses_for_an_interval_or_until_a_time_and_a_past_time_goes_straight_on()
    {
        var interval = Assert.IsType<NodeOutcome.Waiting>(await _harness.RunAsync(new WaitNode(), """{"resume":"timeInterval","amount":2,"unit":"hours"}""", Orders));
        Assert.Equal(_harness.Clock.GetUtcNow().AddHours(2), interval.ResumeAt);
        Assert.Equal(3, interval.Items.Count);
        var until = Assert.IsType<NodeOutcome.Waiting>(await _harness.RunAsync(new WaitNode(), """{"resume":"specificTime","dateTime":"2031-03-05T09:00:00Z"}""", Orders));
        Assert.Equal(new DateTimeOffset(2031, 3, 5, 9, 0, 0, TimeSpan.Zero), until.ResumeAt);
        Assert.Equal(3, Outputs(await _harness.RunAsync(new WaitNode(), """{"resume":"specificTime","dateTime":"2020-01-01T00:00:00Z"}""", Orders))[0].Count);
    }

    [Fact]
    public async Task Stop_and_error_fails_with_the_authors_message()
    {
        var failed = await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new StopAndErrorNode(), """{"errorMessage":"Order {{ $json.id }} has no customer"}""", Orders));
        Assert.Equal("Order 1 has no customer", failed.Message);
        var fromObject = await Assert.ThrowsAsync<NodeFailedException>(() => _harness.RunAsync(new StopAndErrorNode(), """{"errorType":"errorObject","errorObject":"{\"message\":\"boom\"}"}""", Orders));
        Assert.Equal("boom", fromObject.Message);
    }

    [Fact]
    public async Task No_op_passes_its_items_on()
    {
        Assert.Equal(Json(Orders), Json(Outputs(await _harness.RunAsync(new NoOpNode(), "{}", Orders))[0]));
    }

    [Fact]
    public async Task Respond_to_webhook_sets_the_answer_and_passes_its_items_on()
    {
        var outputs = Outputs(await _harness.RunAsync(new RespondToWebhookNode(), """
            {"respondWith":"json","responseBody":"={{ JSON.stringify({ ok: true, id: $json.id }) }}",
             "options":{"responseCode":201,"responseHeaders":{"entries":[{"name":"X-Order","value":"={{ $json.id }}"}]}}}
            """, Orders));
        Assert.Equal(3, outputs[0].Count);
        var reply = _harness.Context.Reply!;
        Assert.Equal(201, reply.StatusCode);
        Assert.Equal("""{"ok":true,"id":1}""", reply.Body!.ToJsonString());
        Assert.Equal("1", reply.Headers["X-Order"]);
    }

    [Fact]
    public void Webhook_nodes_name_the_field_that_is_wrong()
    {
        var node = new WorkflowNode { Name = "Hook", Type = NodeTypes.Webhook, Parameters = Item("""{"httpMethod":"FETCH","authentication":"headerAuth"}""") };
        var fields = new WebhookNode().Validate(node).Select(e => e.Field).ToList();
        Assert.Equal(["parameters.path", "parameters.httpMethod", "parameters.secret"], fields);
    }
}
