using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VersatileHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.Flow.Web;

[Collection(FlowBrowserCollection.Name)]
public sealed partial class FlowWebTests(FlowBrowser browser)
{
    private const string Booked = "Turno reservado";

    [Fact]
    public async Task An_admin_makes_a_workflow_from_the_reminder_template_sees_the_broken_node_marked_fixes_it_and_activates_it()
    {
        var admin = await browser.NewTenantMemberAsync();
        var page = await browser.SignInAsync(admin, "/workflows/new");
        await page.Locator("label[data-template=appointment-reminder-whatsapp] input").CheckAsync();
        await Expect(page.Locator("input.name")).ToHaveValueAsync("Recordatorio de turno 24 h antes por WhatsApp");
        await page.Locator("button.create").ClickAsync();
        await page.WaitForURLAsync(WorkflowPage());
        await Expect(page.Locator("svg.graph g.node[data-node='Turno reservado']")).ToBeVisibleAsync();
        var editor = page.Locator("textarea.definition-json");
        var original = await editor.InputValueAsync();
        Assert.Contains("\"event\": \"appointment.*\"", original, StringComparison.Ordinal);

        await editor.FillAsync(original.Replace("\"event\": \"appointment.*\"", "\"event\": \"\"", StringComparison.Ordinal));
        await page.Locator("button.save").ClickAsync();

        var error = page.Locator("ul.errors li");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToHaveAttributeAsync("data-node", Booked);
        await Expect(error).ToHaveAttributeAsync("data-field", "parameters.event");
        await Expect(error.Locator("code.where")).ToHaveTextAsync($"{Booked} › parameters.event");
        await Expect(page.Locator("svg.graph g.node.invalid")).ToHaveAttributeAsync("data-node", Booked);
        await Expect(page.Locator(".version")).ToHaveTextAsync("Versión 1");

        await editor.FillAsync(original.Replace("\"event\": \"appointment.*\"", "\"event\": \"appointment.updated\"", StringComparison.Ordinal));
        await page.Locator("button.save").ClickAsync();

        await Expect(page.Locator("p.saved")).ToHaveTextAsync("Guardado: versión 2.");
        await Expect(page.Locator("ul.errors")).ToHaveCountAsync(0);
        await Expect(page.Locator("svg.graph g.node.invalid")).ToHaveCountAsync(0);

        await page.Locator("button.activate").ClickAsync();

        await Expect(page.Locator("h1 .badge")).ToHaveAttributeAsync("data-active", "true");
        await page.Locator("nav a[href='']").ClickAsync();
        var row = page.Locator("table.workflows tbody tr");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-active", "true");
        await Expect(row.Locator(".version")).ToHaveTextAsync("2");
        await page.Locator("table.workflows a", new() { HasText = "Recordatorio de turno" }).ClickAsync();
        await page.Locator("a[href$='/versions']").ClickAsync();
        await Expect(page.Locator("table.versions tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("section.version-definition pre.json")).ToContainTextAsync("appointment.updated");
    }

    [Fact]
    public async Task A_run_with_test_input_shows_each_nodes_input_and_output_and_appears_in_the_runs_list()
    {
        var admin = await browser.NewTenantMemberAsync();
        var id = await browser.CreateWorkflowAsync(admin, Greeting("Saludar"));
        var page = await browser.SignInAsync(admin, $"/workflows/{id}");
        await Expect(page.Locator("svg.graph path.edge[data-from='Disparo manual'][data-to='Saludo']")).ToHaveCountAsync(1);

        await page.Locator("textarea.test-input").FillAsync("""{ "name": "Ana" }""");
        await page.Locator("button.run").ClickAsync();

        await page.WaitForURLAsync(RunPage());
        await Expect(page.Locator("h1 .status")).ToHaveAttributeAsync("data-status", "Succeeded");
        var trigger = page.Locator("section.step[data-node='Disparo manual']");
        var greeting = page.Locator("section.step[data-node='Saludo']");
        await Expect(trigger).ToHaveAttributeAsync("data-status", "Succeeded");
        await Expect(trigger.Locator("pre.output")).ToContainTextAsync("\"name\": \"Ana\"");
        await Expect(greeting).ToHaveAttributeAsync("data-status", "Succeeded");
        await Expect(greeting.Locator("pre.input")).ToContainTextAsync("\"name\": \"Ana\"");
        await Expect(greeting.Locator("pre.output")).ToContainTextAsync("\"greeting\": \"Hola, Ana\"");
        await Expect(page.Locator("svg.graph g.node[data-node='Saludo']")).ToHaveAttributeAsync("data-status", "Succeeded");

        await page.Locator("a[href$='/runs']").ClickAsync();
        var run = page.Locator("table.runs tbody tr");
        await Expect(run).ToHaveCountAsync(1);
        await Expect(run).ToHaveAttributeAsync("data-status", "Succeeded");
        await Expect(run.Locator(".duration")).ToHaveTextAsync(MillisecondsPattern());
    }

    [Fact]
    public async Task A_failed_run_says_which_node_failed_and_is_run_again_from_it()
    {
        var admin = await browser.NewTenantMemberAsync();
        var id = await browser.CreateWorkflowAsync(admin, new
        {
            name = "Falla a propósito",
            nodes = new object[]
            {
                new { name = "Disparo manual", type = "manualTrigger" },
                new { name = "Cortar", type = "stopAndError", parameters = new { errorMessage = "Falta el teléfono" } },
            },
            connections = new Dictionary<string, object> { ["Disparo manual"] = new { main = new[] { new[] { new { node = "Cortar" } } } } },
        });
        var page = await browser.SignInAsync(admin, $"/workflows/{id}");
        await page.Locator("button.run").ClickAsync();
        await page.WaitForURLAsync(RunPage());
        await Expect(page.Locator("h1 .status")).ToHaveAttributeAsync("data-status", "Failed");
        await Expect(page.Locator("p.run-error code.where")).ToHaveTextAsync("Cortar");
        await Expect(page.Locator("section.step[data-node='Cortar'] .step-error")).ToContainTextAsync("Falta el teléfono");
        var failedUrl = page.Url;

        await page.Locator("button.rerun").ClickAsync();

        await page.WaitForURLAsync(url => url != failedUrl && RunPage().IsMatch(url));
        await Expect(page.Locator("a.retry-of")).ToBeVisibleAsync();
        await Expect(page.Locator("h1 .status")).ToHaveAttributeAsync("data-status", "Failed");
        await Expect(page.Locator("section.step[data-node='Cortar']")).ToHaveAttributeAsync("data-status", "Failed");
    }

    [Fact]
    public async Task An_anonymous_visit_is_sent_to_the_hubs_sign_in_and_back()
    {
        var page = await browser.OpenAsync("/workflows/new");

        Assert.StartsWith(new Uri(browser.Hub.ClientOptions.BaseAddress, "/account/login").ToString(), page.Url, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString(new Uri(browser.FlowAddress, "/workflows/new").ToString()), page.Url, StringComparison.Ordinal);
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.FlowAddress };
        var response = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_app_is_for_owners_and_admins_an_agent_of_the_tenant_is_refused()
    {
        var agent = await browser.NewTenantMemberAsync("agent");
        using var flow = browser.FlowClient(agent);

        var response = await flow.GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Another_tenants_workflows_and_runs_are_never_listed_nor_opened()
    {
        var theirs = await browser.NewTenantMemberAsync();
        var theirWorkflow = await browser.CreateWorkflowAsync(theirs, Greeting("Secreto de otra cuenta"));
        var mine = await browser.NewTenantMemberAsync();
        await browser.CreateWorkflowAsync(mine, Greeting("Mío"));
        var page = await browser.SignInAsync(mine);

        var rows = page.Locator("table.workflows tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.Locator(".name")).ToHaveTextAsync("Mío");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("Secreto de otra cuenta");

        foreach (var path in new[] { $"/workflows/{theirWorkflow}", $"/workflows/{theirWorkflow}/runs", $"/workflows/{theirWorkflow}/versions" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator(".not-found")).ToBeVisibleAsync();
            await Expect(page.Locator("main")).Not.ToContainTextAsync("Secreto de otra cuenta");
        }
    }

    [Fact]
    public async Task The_pages_speak_english_when_asked()
    {
        var admin = await browser.NewTenantMemberAsync();
        var page = await browser.SignInAsync(admin, "/", "en-US");

        await Expect(page.Locator("main h1")).ToHaveTextAsync("Workflows");
        await Expect(page.Locator("main .empty")).ToHaveTextAsync("No workflows yet.");
        await page.Locator("a.new-workflow").ClickAsync();
        await Expect(page.Locator("label[data-template=handoff-ticket] strong")).ToHaveTextAsync("Ticket when the bot hands off");
    }

    private static object Greeting(string name) => new
    {
        name,
        nodes = new object[]
        {
            new { name = "Disparo manual", type = "manualTrigger" },
            new
            {
                name = "Saludo", type = "set",
                parameters = new { assignments = new { assignments = new[] { new { name = "greeting", value = "={{ 'Hola, ' + $json.name }}", type = "string" } } }, includeOtherFields = true },
            },
        },
        connections = new Dictionary<string, object> { ["Disparo manual"] = new { main = new[] { new[] { new { node = "Saludo" } } } } },
    };

    private static Regex WorkflowPage() => new("/workflows/[0-9a-f-]{36}$");

    private static Regex RunPage() => RunPageRegex();

    [GeneratedRegex("/runs/[0-9a-f-]{36}$")]
    private static partial Regex RunPageRegex();

    [GeneratedRegex("^\\d+ ms$")]
    private static partial Regex MillisecondsPattern();
}
