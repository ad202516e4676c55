using System.Net;
using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using VersatileHub.AppHost.Hosting;
using VersatileHub.AppHost.Orchestration;
using VersatileHub.Tests.Infrastructure.Browser;

namespace VersatileHub.Tests.AppHost;

/// <summary>
/// A local run of a tiny model, as `run` does it (the real LocalRunner, its dashboard and OTLP receiver), with one headless
/// Chromium: a real Redis and three cheap executables: one prints a numbered tick every 200 ms, one sleeps, one ends after 2 s.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TinyRun : IAsyncLifetime
{
    public const string Ticker = "ticker";
    public const string Sleeper = "sleeper";
    public const string Cache = "cache";
    public const string Quitter = "quitter";
    public const string Token = "tiny-run-browser-token-0123456789";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataDirectory = Path.Combine("/tmp", $"vh-apphost-dashboard-{Guid.NewGuid():N}");
    private readonly CancellationTokenSource _stopping = new();
    private readonly StringWriter _console = new();
    private DistributedApplication? _app;
    private Task? _run;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    internal LocalRunner Runner { get; private set; } = null!;

    /// <summary>The dashboard's address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address => Runner.Dashboard!.Address;

    public Uri LoginUrl => Runner.Dashboard!.LoginUrl;

    /// <summary>Everything the run wrote to its console so far.</summary>
    public string ConsoleOutput
    {
        get
        {
            lock (_console)
            {
                return _console.ToString();
            }
        }
    }

    public async Task InitializeAsync()
    {
        var builder = DistributedApplication.CreateBuilder(
        [
            $"--AppHost:PortOffset={FreePortOffset()}", "--AppHost:DashboardPort=0", $"--AppHost:DashboardToken={Token}",
            $"--AppHost:DataDirectory={_dataDirectory}", "--AppHost:HealthCheckInterval=00:00:01",
        ]);
        builder.AddRedis(Cache);
        builder.AddExecutable(Ticker, "sh", "/tmp", "-c",
            "echo \"ticker started as $$ sending telemetry to $OTEL_EXPORTER_OTLP_ENDPOINT\"; i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done");
        builder.AddExecutable(Sleeper, "sleep", "/tmp", "infinity");
        builder.AddExecutable(Quitter, "sh", "/tmp", "-c", "echo leaving soon; sleep 2; exit 3");
        _app = builder.Build();

        var options = _app.Services.GetRequiredService<IOptions<AppHostOptions>>().Value;
        Runner = new LocalRunner(_app.Model, options, _app.Services.GetRequiredService<IConfiguration>(), builder.RepositoryDirectory, TextWriter.Synchronized(_console));
        _run = Runner.RunAsync(_stopping.Token);
        await WaitUntilAsync(() => Runner.Monitor.Snapshots().All(s => s.Resource.Name == Quitter || s.State == ResourceState.Healthy), "every resource healthy");

        _playwright = await Playwright.CreateAsync();
        _browser = await HeadlessChromium.LaunchAsync(_playwright);
    }

    /// <summary>A browser of its own, signed in through the login URL, on the resources page.</summary>
    public async Task<IPage> OpenSignedInAsync(string locale = "en-US")
    {
        var page = await OpenAsync(locale);
        await page.GotoAsync(LoginUrl.ToString());
        await page.WaitForURLAsync(Address.ToString());
        return page;
    }

    public async Task<IPage> OpenAsync(string locale = "en-US")
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = Address.ToString(), Locale = locale });
        return await context.NewPageAsync();
    }

    /// <summary>An HTTP client that holds the dashboard's cookie once <paramref name="signIn"/> has visited the login URL.</summary>
    public async Task<HttpClient> ClientAsync(bool signIn)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = Address };
        if (signIn)
        {
            using var login = await client.GetAsync(LoginUrl);
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _stopping.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!condition())
        {
            Assert.False(_run!.IsCompleted, $"The run ended before {what}: {_run.Exception?.GetBaseException().Message}{Environment.NewLine}{ConsoleOutput}");
            Assert.True(DateTime.UtcNow < deadline, $"Not {what} within {StartTimeout.TotalSeconds} s.{Environment.NewLine}{ConsoleOutput}");
            await Task.Delay(100);
        }
    }

    // The model's only fixed port is Redis's; below the kernel's ephemeral range (32768+).
    private static int FreePortOffset()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var offset = Random.Shared.Next(100, 16000);
            if (PortAvailability.IsFree(RedisBuilderExtensions.DefaultPort + offset))
            {
                return offset;
            }
        }

        throw new InvalidOperationException("No free port for the tiny run's Redis.");
    }
}
