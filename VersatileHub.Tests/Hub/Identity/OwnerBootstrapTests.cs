using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Identity;

/// <summary>A Hub started without <c>Parameters:admin-email</c> and <c>Parameters:admin-password</c>.</summary>
public sealed class HubWithoutOwnerFactory() : ServiceFactory<VersatileHub.Hub.HubEntryPoint>("hubdb")
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(new WarningLog(Warnings)));
    }

    private sealed class WarningLog(ConcurrentQueue<string> warnings) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                warnings.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>No default password exists: without configured credentials the Hub creates nobody and says how to fix it.</summary>
public sealed class OwnerBootstrapTests(HubWithoutOwnerFactory factory) : IClassFixture<HubWithoutOwnerFactory>
{
    [Fact]
    public async Task Without_configured_credentials_no_account_is_created_and_a_warning_says_how_to_set_them()
    {
        using var client = factory.CreateClient();

        var signIn = await client.PostAsJsonAsync("/api/identity/sign-in", new { email = HubFactory.OwnerEmail, password = HubFactory.OwnerPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal(0L, await CountAsync("users"));
        Assert.Equal(0L, await CountAsync("tenants"));
        Assert.Contains(factory.Warnings, w => w.Contains("Parameters__admin-email", StringComparison.Ordinal)
            && w.Contains("Parameters__admin-password", StringComparison.Ordinal));
    }

    private async Task<long> CountAsync(string table)
    {
        await using var connection = new NpgsqlConnection(factory.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
