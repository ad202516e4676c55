using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OpenTelemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using VersatileHub.AppHost.Orchestration;
using VersatileHub.AppHost.Telemetry;
using static Microsoft.Playwright.Assertions;

namespace VersatileHub.Tests.AppHost;

/// <summary>The local dashboard of a run, in headless Chromium and over HTTP.</summary>
[SupportedOSPlatform("linux")]
public sealed class DashboardTests(TinyRun run) : IClassFixture<TinyRun>
{
    [Fact]
    public void The_first_line_of_a_run_is_the_dashboards_login_url_with_its_browser_token()
    {
        var firstLine = run.ConsoleOutput.Split(Environment.NewLine)[0];

        Assert.Equal($"Login to the dashboard at {run.LoginUrl}", firstLine);
        Assert.Contains($"t={TinyRun.Token}", firstLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_lists_every_resource_with_its_type_and_state()
    {
        var page = await run.OpenSignedInAsync();

        foreach (var (name, type) in new[] { (TinyRun.Cache, "Redis"), (TinyRun.Ticker, "Executable"), (TinyRun.Sleeper, "Executable") })
        {
            var row = page.Locator($"#resources tr[data-resource='{name}']");
            await Expect(row).ToContainTextAsync(type);
            await Expect(row.Locator("td[data-field=state]")).ToHaveAttributeAsync("data-state", "Healthy");
            await Expect(row.Locator("td[data-field=state]")).ToHaveTextAsync("Healthy");
        }

        // The periodic health check is shown with its time; Redis's address is listed.
        await Expect(page.Locator($"tr[data-resource='{TinyRun.Cache}'] td[data-field=health]")).ToContainTextAsync("checked at");
        await Expect(page.Locator($"tr[data-resource='{TinyRun.Cache}']")).ToContainTextAsync("tcp://127.0.0.1:");
    }

    [Fact]
    public async Task A_resource_that_ends_by_itself_shows_as_exited_with_its_exit_code()
    {
        var page = await run.OpenSignedInAsync();

        var state = page.Locator($"tr[data-resource='{TinyRun.Quitter}'] td[data-field=state]");
        await Expect(state).ToHaveAttributeAsync("data-state", "Exited");
        await Expect(state).ToContainTextAsync("code 3");
    }

    [Fact]
    public async Task The_page_speaks_Spanish_to_a_Spanish_browser_and_switches_to_English()
    {
        var page = await run.OpenSignedInAsync("es-AR");

        await Expect(page.Locator("h1")).ToHaveTextAsync("VersatileHub · Panel de la ejecución local");
        await Expect(page.Locator($"tr[data-resource='{TinyRun.Sleeper}'] td[data-field=state]")).ToHaveTextAsync("Saludable");
        await Expect(page.Locator($"tr[data-resource='{TinyRun.Sleeper}'] [data-action=restart]")).ToHaveTextAsync("Reiniciar");

        await page.Locator("[data-lang=en]").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("VersatileHub · Local run dashboard");
        await Expect(page.Locator($"tr[data-resource='{TinyRun.Sleeper}'] td[data-field=state]")).ToHaveTextAsync("Healthy");
    }

    [Fact]
    public async Task A_resources_logs_stream_to_the_page_live()
    {
        var page = await run.OpenSignedInAsync();

        await page.Locator($"tr[data-resource='{TinyRun.Ticker}'] [data-action=logs]").ClickAsync();

        // The kept lines come first (the ticker's start), then lines written after the page opened.
        await Expect(page.Locator("#logs")).ToContainTextAsync("ticker started as");
        var lastTick = await LastTickAsync(page);
        await Expect(page.Locator("#logs .line").Filter(new() { HasText = $"tick {lastTick + 5}" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Restart_stops_and_starts_the_process_and_the_page_follows_its_state_live()
    {
        var sleeper = run.Runner.Monitor.Find(TinyRun.Sleeper)!;
        var before = run.Runner.Monitor.Snapshot(sleeper);
        var page = await run.OpenSignedInAsync();
        var row = page.Locator($"tr[data-resource='{TinyRun.Sleeper}']");
        await Expect(row).ToContainTextAsync($"pid {before.ProcessId}");

        await row.Locator("[data-action=restart]").ClickAsync();

        await Expect(row).ToContainTextAsync($"{before.Starts + 1} starts");
        await Expect(row.Locator("td[data-field=state]")).ToHaveAttributeAsync("data-state", "Healthy");
        var after = run.Runner.Monitor.Snapshot(sleeper);
        Assert.NotEqual(before.ProcessId, after.ProcessId);
        await Expect(row).ToContainTextAsync($"pid {after.ProcessId}");
        Assert.False(IsRunning(before.ProcessId!.Value), $"The old process {before.ProcessId} should have been stopped.");
        Assert.True(IsRunning(after.ProcessId!.Value));
    }

    [Fact]
    public async Task Without_the_browser_token_the_page_sends_to_sign_in_and_the_api_answers_401()
    {
        using var anonymous = await run.ClientAsync(signIn: false);

        using var page = await anonymous.GetAsync("/");
        using var api = await anonymous.GetAsync("/api/resources");
        using var events = await anonymous.GetAsync("/api/resources/events");
        using var restart = await anonymous.PostAsync($"/api/resources/{TinyRun.Sleeper}/restart", null);
        using var wrongToken = await anonymous.GetAsync("/login?t=not-the-token");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, events.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, restart.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
    }

    [Fact]
    public async Task The_sign_in_page_takes_the_token_and_keeps_the_browser_signed_in_with_a_cookie()
    {
        var page = await run.OpenAsync();

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Uri(run.Address, "/login").ToString());
        await page.Locator("#token").FillAsync(TinyRun.Token);
        await page.Locator("button[type=submit]").ClickAsync();

        await page.WaitForURLAsync(run.Address.ToString());
        await Expect(page.Locator($"tr[data-resource='{TinyRun.Cache}']")).ToBeVisibleAsync();
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "vh-apphost-dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
    }

    [Fact]
    public async Task Restarting_a_database_on_its_server_or_an_unknown_resource_is_refused_with_a_problem()
    {
        using var client = await run.ClientAsync(signIn: true);

        using var unknown = await client.PostAsync("/api/resources/nobody/restart", null);
        using var logsOfUnknown = await client.GetAsync("/api/resources/nobody/logs");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("'nobody'", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, logsOfUnknown.StatusCode);
    }

    [Fact]
    public async Task Every_resource_gets_the_runs_OTLP_receiver_and_spans_sent_there_show_in_the_dashboard()
    {
        Assert.Contains($"sending telemetry to {run.Address.ToString().TrimEnd('/')}", Logs(TinyRun.Ticker), StringComparison.Ordinal);
        using var source = new ActivitySource($"VersatileHub.Tests.Dashboard.{Guid.NewGuid():N}");
        var apiKey = OtlpApiKeyOf(TinyRun.Ticker);
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(source.Name)
            .ConfigureResource(r => r.AddService(TinyRun.Ticker))
            .AddOtlpExporter(o =>
            {
                o.Endpoint = new Uri(run.Address, "/v1/traces");
                o.Protocol = OtlpExportProtocol.HttpProtobuf;
                o.Headers = OtlpReceiver.HeadersFor(apiKey);
                o.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build())
        {
            using (var checkout = source.StartActivity("checkout", ActivityKind.Server))
            {
                checkout!.SetStatus(ActivityStatusCode.Error, "card declined");
            }

            tracing.ForceFlush();
        }

        using var client = await run.ClientAsync(signIn: true);
        var telemetry = (await client.GetFromJsonAsync<JsonObject>($"/api/resources/{TinyRun.Ticker}/telemetry"))!;
        var span = telemetry["latestSpans"]!.AsArray().Single(s => (string)s!["name"]! == "checkout")!;
        Assert.True((long)telemetry["spans"]! >= 1);
        Assert.Equal("server", (string)span["kind"]!);
        Assert.True((bool)span["isError"]!);
        Assert.Equal("card declined", (string)span["statusMessage"]!);

        var page = await run.OpenSignedInAsync();
        await page.Locator($"tr[data-resource='{TinyRun.Ticker}'] [data-action=logs]").ClickAsync();
        await Expect(page.Locator("#spans tbody")).ToContainTextAsync("checkout");
    }

    [Fact]
    public async Task Structured_logs_sent_to_the_runs_OTLP_receiver_are_counted_and_the_latest_shown()
    {
        var apiKey = OtlpApiKeyOf(TinyRun.Sleeper);
        var message = $"order {Guid.NewGuid():N} shipped";
        using (var logging = LoggerFactory.Create(logs => logs.AddOpenTelemetry(otel =>
        {
            otel.SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(TinyRun.Sleeper));
            otel.AddOtlpExporter((exporter, processor) =>
            {
                exporter.Endpoint = new Uri(run.Address, "/v1/logs");
                exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                exporter.Headers = OtlpReceiver.HeadersFor(apiKey);
                processor.ExportProcessorType = ExportProcessorType.Simple;
            });
        })))
        {
            logging.CreateLogger("Orders").LogWarning("{Message}", message);
        }

        using var client = await run.ClientAsync(signIn: true);
        var telemetry = (await client.GetFromJsonAsync<JsonObject>($"/api/resources/{TinyRun.Sleeper}/telemetry"))!;
        var record = telemetry["latestLogRecords"]!.AsArray().Single(r => (string)r!["body"]! == message)!;
        Assert.True((long)telemetry["logRecords"]! >= 1);
        Assert.Equal("Warning", (string)record["severity"]!);

        var page = await run.OpenSignedInAsync("es-AR");
        await page.Locator($"tr[data-resource='{TinyRun.Sleeper}'] [data-action=logs]").ClickAsync();
        await Expect(page.Locator("#log-records tbody")).ToContainTextAsync(message);
        await Expect(page.Locator("#telemetry h2.subtitle")).ToHaveTextAsync("Últimos registros estructurados");
    }

    [Fact]
    public async Task The_OTLP_receiver_refuses_exports_without_the_runs_API_key_or_in_another_format()
    {
        using var client = new HttpClient { BaseAddress = run.Address };

        using var withoutKey = await client.PostAsync("/v1/traces", new ByteArrayContent([]) { Headers = { ContentType = new("application/x-protobuf") } });
        using var json = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = new StringContent("{}", null, "application/json") };
        json.Headers.Add(OtlpReceiver.ApiKeyHeader, OtlpApiKeyOf(TinyRun.Ticker));
        using var jsonResponse = await client.SendAsync(json);
        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/v1/logs") { Content = new ByteArrayContent([0x0A, 0xFF]) { Headers = { ContentType = new("application/x-protobuf") } } };
        garbage.Headers.Add(OtlpReceiver.ApiKeyHeader, OtlpApiKeyOf(TinyRun.Ticker));
        using var garbageResponse = await client.SendAsync(garbage);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutKey.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, jsonResponse.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, garbageResponse.StatusCode);
    }

    private string Logs(string resource)
    {
        using var watch = run.Runner.Monitor.WatchLogs(run.Runner.Monitor.Find(resource)!);
        return string.Join(Environment.NewLine, watch.Backlog.Select(l => l.Text));
    }

    // The key the run gave its resources, read where a service reads it: its environment (/proc/<pid>/environ).
    private string OtlpApiKeyOf(string resource)
    {
        var pid = run.Runner.Monitor.Snapshot(run.Runner.Monitor.Find(resource)!).ProcessId!.Value;
        var headers = File.ReadAllText($"/proc/{pid}/environ").Split('\0').Single(v => v.StartsWith("OTEL_EXPORTER_OTLP_HEADERS=", StringComparison.Ordinal));
        return headers[$"OTEL_EXPORTER_OTLP_HEADERS={OtlpReceiver.ApiKeyHeader}=".Length..];
    }

    private static async Task<int> LastTickAsync(IPage page)
    {
        var last = await page.Locator("#logs .line").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("tick \\d+") }).Last.TextContentAsync() ?? "";
        return int.Parse(last[(last.LastIndexOf("tick ", StringComparison.Ordinal) + 5)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat") is var stat && stat[(stat.LastIndexOf(')') + 2)] != 'Z';
}
