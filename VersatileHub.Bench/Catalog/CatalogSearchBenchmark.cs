using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using VersatileHub.Hub.Catalog;
using VersatileHub.Hub.Data;
using VersatileHub.ServiceDefaults.Tenancy;

namespace VersatileHub.Bench.Catalog;

/// <summary>
/// Product search as the agent calls it (<see cref="ProductSearch"/>: classify words, rank with the GIN index, load the
/// hits with their variants) over a tenant's 50,000 products and their ~150,000 variants, one search at a time.
/// </summary>
internal static class CatalogSearchBenchmark
{
    private const int Tenant = 1;
    private const int Products = 50_000;
    private const int Searches = 1_000;

    private static readonly string[] Queries =
    [
        "puntas de danza talle 37", "zapatillas de jazz negro 38", "malla clásica", "mochila azul", "remera talle M",
        "ballet flats", "campera impermeable", "cancion", "ZAPATILLAS", "medias rosa", "leotard black size S", "bolso de danza",
        "pollera tul", "buzo algodón talle L", "sneakers white 40", "calza deportiva", "vincha", "guantes de lana", "tutú",
        "zapatilas de punta",
    ];

    public static async Task<BenchResult> RunAsync(BenchServers servers)
    {
        var database = $"bench_catalog_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAdminAsync(servers, $"CREATE DATABASE {database}");
        try
        {
            using var host = Host(servers, database);
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<HubDbContext>().Database.MigrateAsync();
            }
            await SeedAsync(new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = database }.ConnectionString);

            for (var i = 0; i < 100; i++)
            {
                await SearchAsync(host, Queries[i % Queries.Length]);
            }
            var latencies = new double[Searches];
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Searches; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await SearchAsync(host, Queries[i % Queries.Length]);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            clock.Stop();

            Array.Sort(latencies);
            var p95 = Percentiles.Of(latencies, 95);
            return new BenchResult(
                FormattableString.Invariant($"catalog search, {Products:N0} products with variants (p95 {p95:0.0} ms)"),
                Searches, clock.Elapsed, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), "p95 < 20 ms", p95 < 20);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAdminAsync(servers, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        }
    }

    private static async Task SearchAsync(IHost host, string query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentTenant>().Set(Tenant);
        await scope.ServiceProvider.GetRequiredService<ProductSearch>().SearchAsync(query, null, CancellationToken.None);
    }

    private static IHost Host(BenchServers servers, string database)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:hubdb"] = new NpgsqlConnectionStringBuilder(servers.Postgres) { Database = database }.ConnectionString,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddScoped<CurrentTenant>();
        builder.AddNpgsqlDbContext<HubDbContext>("hubdb");
        builder.Services.AddScoped<ProductSearch>();
        return builder.Build();
    }

    /// <summary>A dance-and-sportswear shop: names and descriptions from Spanish and English words, sizes and colours as variants.</summary>
    private static async Task SeedAsync(string connectionString)
    {
        string[] kinds =
        [
            "Zapatillas de punta", "Zapatillas de jazz", "Malla", "Medias", "Pollera", "Remera", "Calza", "Bolso", "Mochila", "Buzo",
            "Campera", "Short", "Top", "Vincha", "Guantes", "Leotard", "Sneakers", "Ballet flats", "Tutú", "Caja musical Canción",
        ];
        string[] brands = ["Capezio", "Grishko", "Bloch", "Sansha", "Gaynor", "Freed", "Mirella", "Wear Moi", "Dansez", "Intermezzo"];
        string[] words =
        [
            "danza", "clásica", "algodón", "lycra", "tul", "deportiva", "impermeable", "suave", "reforzada", "horma", "ancha",
            "angosta", "cuero", "lona", "satin", "breathable", "cotton", "stretch", "warm", "lana", "liviana", "elegante", "escenario",
            "ensayo", "training", "performance", "comfortable", "durable", "ajustable", "bordado",
        ];
        string[] colours = ["negro", "blanco", "rosa", "azul", "rojo", "verde", "gris", "black", "white", "celeste"];
        string[] letterSizes = ["XS", "S", "M", "L", "XL"];

        var random = new Random(42);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();

        var variants = new List<(int Product, string Sku, int Stock, string Attributes)>();
        var now = DateTimeOffset.UtcNow;
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY products (tenant_id, name, description, price, currency, images, attributes, active, search_terms, created_at, updated_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var p = 1; p <= Products; p++)
            {
                var kind = kinds[random.Next(kinds.Length)];
                var name = $"{kind} {brands[random.Next(brands.Length)]} {p}";
                var description = string.Join(' ', Enumerable.Range(0, 12).Select(_ => words[random.Next(words.Length)]));
                var numbered = kind.StartsWith("Zapatillas", StringComparison.Ordinal) || kind is "Sneakers" or "Ballet flats";
                var terms = new List<string>();
                for (var v = 0; v < 3; v++)
                {
                    var size = numbered ? (34 + random.Next(9)).ToString(System.Globalization.CultureInfo.InvariantCulture) : letterSizes[random.Next(letterSizes.Length)];
                    var colour = colours[random.Next(colours.Length)];
                    var attributes = new Dictionary<string, string> { [numbered ? "talle" : "size"] = size, ["color"] = colour };
                    variants.Add((p, $"P{p}-{v}", random.Next(20), JsonSerializer.Serialize(attributes)));
                    terms.Add(size);
                    terms.Add(colour);
                }

                await import.StartRowAsync();
                await import.WriteAsync(Tenant, NpgsqlDbType.Integer);
                await import.WriteAsync(name, NpgsqlDbType.Varchar);
                await import.WriteAsync(description, NpgsqlDbType.Varchar);
                await import.WriteAsync(1_000m + random.Next(200_000), NpgsqlDbType.Numeric);
                await import.WriteAsync("ARS", NpgsqlDbType.Char);
                await import.WriteAsync(new[] { $"https://cdn.example.com/{p}.jpg" }, NpgsqlDbType.Array | NpgsqlDbType.Text);
                await import.WriteAsync("{}", NpgsqlDbType.Jsonb);
                await import.WriteAsync(true, NpgsqlDbType.Boolean);
                await import.WriteAsync(string.Join(' ', terms.Distinct()), NpgsqlDbType.Text);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await import.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }
            await import.CompleteAsync();
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY product_variants (tenant_id, product_id, sku, stock, attributes) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (product, sku, stock, attributes) in variants)
            {
                await import.StartRowAsync();
                await import.WriteAsync(Tenant, NpgsqlDbType.Integer);
                await import.WriteAsync(product, NpgsqlDbType.Integer);
                await import.WriteAsync(sku, NpgsqlDbType.Varchar);
                await import.WriteAsync(stock, NpgsqlDbType.Integer);
                await import.WriteAsync(attributes, NpgsqlDbType.Jsonb);
            }
            await import.CompleteAsync();
        }

        // As autovacuum would soon: statistics, and the GIN indexes' pending lists merged into the indexes.
        foreach (var table in new[] { "products", "product_variants" })
        {
            await using var vacuum = new NpgsqlCommand($"VACUUM ANALYZE {table}", connection);
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    private static async Task ExecuteAdminAsync(BenchServers servers, string sql)
    {
        await using var connection = new NpgsqlConnection(servers.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
