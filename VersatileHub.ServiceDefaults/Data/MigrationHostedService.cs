using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace VersatileHub.ServiceDefaults.Data;

/// <summary>Migrates the service's database before the web server starts; waits a while for a database that is still starting.</summary>
internal sealed partial class MigrationHostedService<TContext>(
    IServiceScopeFactory scopes,
    ILogger<MigrationHostedService<TContext>> logger) : IHostedService where TContext : DbContext
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private static readonly ActivitySource Source = new("VersatileHub.Migrations");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var activity = Source.StartActivity($"Migrate {typeof(TContext).Name}");
        var started = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                // A fresh database has no history table: creating it first keeps EF from logging its failed read as an
                // error. (A missing database is created by MigrateAsync, history table included.)
                if (await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
                {
                    await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
                }
                await db.Database.MigrateAsync(cancellationToken);
                LogMigrated(typeof(TContext).Name, started.ElapsedMilliseconds);
                return;
            }
            catch (NpgsqlException ex) when (ex.IsTransient && started.Elapsed < GiveUpAfter)
            {
                LogWaiting(typeof(TContext).Name, ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database of {Context} migrated in {ElapsedMs} ms")]
    private partial void LogMigrated(string context, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database of {Context} not reachable yet ({Reason}); retrying")]
    private partial void LogWaiting(string context, string reason);
}
