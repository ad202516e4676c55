using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;

namespace VersatileHub.Bench.Agenda;

/// <summary>
/// A week's availability of a service performed by 20 resources (<see cref="AgendaBook.AvailabilityAsync"/>), in an
/// agenda with working hours and breaks, services with buffers, closed days and a few hundred booked appointments.
/// </summary>
internal static class AvailabilityBenchmark
{
    private const int Resources = 20;
    private const int Appointments = 300;
    private const int Queries = 500;

    /// <summary>A Monday well in the future, so that no time of the week is in the past.</summary>
    private static readonly DateOnly Week = new(2031, 6, 2);

    public static async Task<BenchResult> RunAsync(BenchServers servers)
    {
        await using var bench = await AgendaBench.StartAsync(servers, "availability");
        var staff = await bench.StaffAsync(Resources);
        var services = await SeedAsync(bench, staff);

        for (var i = 0; i < 50; i++)
        {
            await AvailabilityAsync(bench, services[i % services.Count]);
        }
        var latencies = new double[Queries];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Queries; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await AvailabilityAsync(bench, services[i % services.Count]);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        clock.Stop();

        Array.Sort(latencies);
        var p95 = Percentiles.Of(latencies, 95);
        return new BenchResult(
            FormattableString.Invariant($"availability, a week of {Resources} resources, {Appointments} booked (p95 {p95:0.0} ms)"),
            Queries, clock.Elapsed, Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), "p95 < 30 ms", p95 < 30);
    }

    private static async Task<IReadOnlyList<ResourceAvailability>> AvailabilityAsync(AgendaBench bench, int serviceId)
    {
        await using var scope = bench.Scope();
        return await scope.ServiceProvider.GetRequiredService<AgendaBook>().AvailabilityAsync(serviceId, Week, 7, null, CancellationToken.None);
    }

    /// <summary>Three services with buffers, a holiday for everyone and a day off for a few, and appointments booked through the book.</summary>
    private static async Task<List<int>> SeedAsync(AgendaBench bench, List<int> staff)
    {
        var services = new List<int>();
        await using (var scope = bench.Scope())
        {
            var setup = scope.ServiceProvider.GetRequiredService<AgendaSetup>();
            foreach (var (name, minutes, buffer) in new[] { ("Corte", 30, 10), ("Color", 90, 15), ("Peinado", 45, 0) })
            {
                var service = await setup.AddServiceAsync(
                    new ServiceTerms(name, TimeSpan.FromMinutes(minutes), TimeSpan.FromMinutes(buffer), TimeSpan.FromMinutes(15), 10_000m, staff),
                    CancellationToken.None);
                services.Add(service.Id);
            }
            await setup.CloseAsync(Week.AddDays(2), null, "Feriado", CancellationToken.None);
            for (var i = 0; i < 4; i++)
            {
                await setup.CloseAsync(Week.AddDays(i), staff[i * 5], "Franco", CancellationToken.None);
            }
        }

        var customers = await bench.CustomersAsync(Appointments);
        var random = new Random(42);
        var booked = 0;
        while (booked < Appointments)
        {
            var serviceId = services[random.Next(services.Count)];
            var free = (await AvailabilityAsync(bench, serviceId)).Where(r => r.Starts.Count > 0).ToList();
            var resource = free[random.Next(free.Count)];
            await using var scope = bench.Scope();
            await scope.ServiceProvider.GetRequiredService<AgendaBook>().BookAsync(
                serviceId, resource.ResourceId, resource.Starts[random.Next(resource.Starts.Count)], new Customer(customers[booked], $"Cliente {booked + 1}"),
                CancellationToken.None);
            booked++;
        }
        return services;
    }
}
