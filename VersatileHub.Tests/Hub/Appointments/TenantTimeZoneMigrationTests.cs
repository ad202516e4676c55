using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Tenancy;
using VersatileHub.Tests.Infrastructure;

namespace VersatileHub.Tests.Hub.Appointments;

/// <summary>The agenda's time zone became the tenant's: a database that held it in the agenda settings keeps it.</summary>
public sealed class TenantTimeZoneMigrationTests
{
    [Fact]
    public async Task A_time_zone_kept_in_the_old_agenda_settings_becomes_its_tenants_and_the_others_keep_theirs()
    {
        await using var database = await TestDatabase.CreateAsync("tzmigration");
        await using var db = new HubDbContext(
            new DbContextOptionsBuilder<HubDbContext>()
                .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
                .UseSnakeCaseNamingConvention().Options,
            new CurrentTenant());
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync("BusinessCore");
        await ExecuteAsync(database, """
            INSERT INTO tenants (id, name, slug, time_zone, human_override_hours, created_at) VALUES
                (1, 'Estudio de danza', 'estudio', 'America/Argentina/Buenos_Aires', 24, now()),
                (2, 'Salón de Madrid', 'salon', 'America/Argentina/Buenos_Aires', 24, now());
            INSERT INTO agenda_settings (tenant_id, time_zone) VALUES (2, 'Europe/Madrid');
            """);

        await migrator.MigrateAsync();

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var read = new NpgsqlCommand("SELECT slug, time_zone FROM tenants ORDER BY id", connection);
        await using var rows = await read.ExecuteReaderAsync();
        var zones = new List<(string, string)>();
        while (await rows.ReadAsync())
        {
            zones.Add((rows.GetString(0), rows.GetString(1)));
        }
        Assert.Equal([("estudio", "America/Argentina/Buenos_Aires"), ("salon", "Europe/Madrid")], zones);
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
