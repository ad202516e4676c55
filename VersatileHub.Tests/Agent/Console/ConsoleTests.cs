using System.Net.Http.Headers;
using System.Text;
using Microsoft.Playwright;
using VersatileHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static VersatileHub.Tests.Fakes.OpenAi.FakeOpenAi;

namespace VersatileHub.Tests.Agent.Console;

[Collection(ConsoleBrowserCollection.Name)]
public sealed class ConsoleTests(ConsoleBrowser browser)
{
    private const string Policies = """
        # Políticas de la tienda

        ## Cambios y devoluciones

        Aceptamos devoluciones dentro de los 30 días de la compra, con el ticket y la prenda sin uso.
        """;

    [Fact]
    public async Task A_streamed_answer_appears_in_the_playground_after_the_tool_call_it_made()
    {
        var admin = await browser.NewTenantAdminAsync();
        var model = Unique("playground");
        await browser.ConfigureProfileAsync(admin, model);
        await UploadAsync(admin, "politicas.md", Policies, "Políticas de la tienda");
        browser.Model.Script(model,
            Answer.Call("knowledge_search", new { query = "devoluciones" }),
            Answer.Say("Podés devolverla dentro de los 30 días con el ticket (Políticas de la tienda)."));
        var page = await browser.SignInAsync(admin);

        await page.Locator(".ask textarea").FillAsync("¿Puedo devolver una remera?");
        await page.Locator(".ask .send").ClickAsync();

        var toolCall = page.Locator(".transcript .tool-call[data-tool=knowledge_search]");
        await Expect(toolCall).ToHaveAttributeAsync("data-status", "ok");
        await Expect(toolCall).ToContainTextAsync("devoluciones");
        var answer = page.Locator(".transcript .line.agent");
        await Expect(answer).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("Podés devolverla dentro de los 30 días con el ticket \\(Políticas de la tienda\\)\\.$"));
        var order = await page.Locator(".transcript > li").EvaluateAllAsync<string[]>("items => items.map(i => i.className)");
        Assert.Equal(["line staff", "tool-call", "line agent"], order);
        // Streamed: both requests of the turn asked for server-sent events.
        Assert.All(browser.Model.RequestsFor(model), r => Assert.True(r["stream"]!.GetValue<bool>()));
        var toolResult = browser.Model.RequestsFor(model)[^1]["messages"]!.AsArray().Single(m => m!["role"]!.GetValue<string>() == "tool");
        Assert.Contains("30 días", toolResult!["content"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_playground_turn_shows_its_tool_call_and_its_tokens_in_the_activity_page()
    {
        var admin = await browser.NewTenantAdminAsync();
        var model = Unique("activity");
        await browser.ConfigureProfileAsync(admin, model);
        browser.Model.Script(model, Answer.Call("knowledge_search", new { query = "envíos" }), Answer.Say("No tengo datos de envíos."));
        var page = await browser.SignInAsync(admin);
        await page.Locator(".ask textarea").FillAsync("¿Hacen envíos?");
        await page.Locator(".ask .send").ClickAsync();
        await Expect(page.Locator(".transcript .line.agent")).ToContainTextAsync("No tengo datos de envíos.");

        await page.Locator("nav a[href=activity]").ClickAsync();

        var row = page.Locator("table.tool-calls tbody tr[data-tool=knowledge_search]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-status", "ok");
        // Two model requests (the tool call, then the answer) of 50 prompt and 12 completion tokens each.
        var usage = page.Locator("table.token-usage tbody tr", new() { HasText = model });
        await Expect(usage.Locator("td:not(:first-child)")).ToHaveTextAsync([model, "100", "24", "2"]);
    }

    [Fact]
    public async Task The_model_failing_in_the_playground_says_why()
    {
        var admin = await browser.NewTenantAdminAsync();
        var model = Unique("failing");
        await browser.ConfigureProfileAsync(admin, model);
        browser.Model.Script(model, Answer.Fail(429, "Rate limit reached"));
        var page = await browser.SignInAsync(admin);

        await page.Locator(".ask textarea").FillAsync("Hola");
        await page.Locator(".ask .send").ClickAsync();

        await Expect(page.Locator("p.alert")).ToContainTextAsync("429");
        await Expect(page.Locator(".transcript .line.agent")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_test_button_reports_what_a_working_model_answered()
    {
        var admin = await browser.NewTenantAdminAsync();
        var model = Unique("test-ok");
        var profile = await browser.ConfigureProfileAsync(admin, model);
        browser.Model.Script(model, Answer.Say("ok"));
        var page = await browser.SignInAsync(admin, "/profiles");

        await page.Locator($".profile[data-profile='{profile}'] button.test").ClickAsync();

        var result = page.Locator($".profile[data-profile='{profile}'] .test-result");
        await Expect(result).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bok\\b"));
        await Expect(result).ToContainTextAsync($"El modelo respondió ({model}): ok");
    }

    [Fact]
    public async Task The_test_button_reports_why_a_model_did_not_answer()
    {
        var admin = await browser.NewTenantAdminAsync();
        var model = Unique("test-down");
        var profile = await browser.ConfigureProfileAsync(admin, model);
        browser.Model.Script(model, Answer.Fail(500, "The model is unavailable."));
        var page = await browser.SignInAsync(admin, "/profiles");

        await page.Locator($".profile[data-profile='{profile}'] button.test").ClickAsync();

        var result = page.Locator($".profile[data-profile='{profile}'] .test-result");
        await Expect(result).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bfailed\\b"));
        await Expect(result).ToContainTextAsync("500");
    }

    [Fact]
    public async Task The_editor_saves_a_valid_change_and_names_the_field_of_an_invalid_one()
    {
        var admin = await browser.NewTenantAdminAsync();
        var profile = await browser.ConfigureProfileAsync(admin, Unique("editor"));
        var page = await browser.SignInAsync(admin, "/profiles");
        var editor = page.Locator($".profile[data-profile='{profile}']");

        await editor.Locator("input.endpoint").FillAsync("no es una url");
        await editor.Locator("button.save").ClickAsync();
        await Expect(editor.Locator(".errors li[data-field=endpoint]")).ToBeVisibleAsync();

        await editor.Locator("input.endpoint").FillAsync("http://localhost:11434/v1");
        await editor.Locator("input.model").FillAsync("llama3.1");
        await editor.Locator("button.save").ClickAsync();
        await Expect(editor.Locator(".saved")).ToBeVisibleAsync();
        using var agent = browser.AgentClient(admin);
        var saved = await agent.GetStringAsync($"/api/agent/profiles/{profile}");
        Assert.Contains("\"model\":\"llama3.1\"", saved, StringComparison.Ordinal);
        Assert.Contains("\"endpoint\":\"http://localhost:11434/v1\"", saved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_model_configured_every_page_says_the_bot_is_off_and_how_to_turn_it_on()
    {
        var admin = await browser.NewTenantAdminAsync();

        var page = await browser.SignInAsync(admin, "/knowledge");

        await Expect(page.Locator(".banner.off .reason")).ToContainTextAsync("El bot está apagado");
        await Expect(page.Locator(".banner.off .how")).ToContainTextAsync("/api/agent/profiles");
    }

    [Fact]
    public async Task A_profile_created_in_the_console_turns_the_bot_on()
    {
        var admin = await browser.NewTenantAdminAsync();
        var page = await browser.SignInAsync(admin);
        await page.Locator(".banner.off a.configure").ClickAsync();
        var form = page.Locator(".new-profile");

        await form.Locator("input.name").FillAsync("Principal");
        await form.Locator("input.endpoint").FillAsync("ftp://modelo");
        await form.Locator("input.model").FillAsync("gpt-4o-mini");
        await form.Locator("button.create").ClickAsync();
        await Expect(form.Locator(".errors li[data-field=endpoint]")).ToBeVisibleAsync();
        await form.Locator("input.endpoint").FillAsync(browser.Model.Endpoint);
        await form.Locator("button.create").ClickAsync();

        await Expect(page.Locator(".profile[data-profile] input.model")).ToHaveValueAsync("gpt-4o-mini");
        using var agent = browser.AgentClient(admin);
        Assert.Contains("\"enabled\":true", await agent.GetStringAsync("/api/agent/status"), StringComparison.Ordinal);
        await page.Locator("nav a[href='']").ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Probar el agente");
        await Expect(page.Locator(".banner.off")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_uploaded_document_shows_in_the_list_and_can_be_deleted()
    {
        var admin = await browser.NewTenantAdminAsync();
        var page = await browser.SignInAsync(admin, "/knowledge");
        await Expect(page.Locator(".empty")).ToHaveTextAsync("Todavía no hay documentos.");

        await page.Locator("#document").SetInputFilesAsync(new FilePayload
        {
            Name = "politicas.md", MimeType = "text/markdown", Buffer = Encoding.UTF8.GetBytes(Policies),
        });
        await page.Locator("#title").FillAsync("Políticas de la tienda");
        await page.Locator(".upload-button").ClickAsync();

        var document = page.Locator(".document", new() { HasText = "Políticas de la tienda" });
        await Expect(document).ToBeVisibleAsync();
        await Expect(document.Locator(".meta")).ToContainTextAsync("politicas.md");
        using var agent = browser.AgentClient(admin);
        Assert.Contains("Políticas de la tienda", await agent.GetStringAsync("/api/agent/knowledge/documents"), StringComparison.Ordinal);

        await document.Locator("button.delete").ClickAsync();
        await Expect(document).ToHaveCountAsync(0);
        Assert.Equal("[]", await agent.GetStringAsync("/api/agent/knowledge/documents"));
    }

    [Fact]
    public async Task A_file_the_knowledge_base_cannot_read_is_refused_with_the_reason()
    {
        var admin = await browser.NewTenantAdminAsync();
        var page = await browser.SignInAsync(admin, "/knowledge");

        await page.Locator("#document").SetInputFilesAsync(new FilePayload { Name = "vacio.txt", MimeType = "text/plain", Buffer = [] });
        await page.Locator(".upload-button").ClickAsync();

        await Expect(page.Locator("p.alert")).ToContainTextAsync("El archivo está vacío.");
        await Expect(page.Locator(".document")).ToHaveCountAsync(0);
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)];

    private async Task UploadAsync(HubMember admin, string fileName, string text, string title)
    {
        using var agent = browser.AgentClient(admin);
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", fileName);
        form.Add(new StringContent(title), "title");
        (await agent.PostAsync("/api/agent/knowledge/documents", form)).EnsureSuccessStatusCode();
    }
}
