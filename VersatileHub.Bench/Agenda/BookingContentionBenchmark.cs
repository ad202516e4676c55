using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VersatileHub.Hub.Appointments;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Data;

namespace VersatileHub.Bench.Agenda;

/// <summary>
/// Many customers booking at once over few slots (<see cref="AgendaBook.BookAsync"/>, any free resource): every attempt
/// ends as a booking or a slot-taken refusal (the API's 409), and the stored agenda holds no two overlapping bookings.
/// </summary>
internal static class BookingContentionBenchmark
{
    private const int Resources = 2;
    private const int Workers = 50;
    private const int Attempts = 1_000;

    /// <summary>A Monday well in the future; its 09:00–11:30 grid holds 10 starts of the 15-minute service per resource.</summary>
    private static readonly DateOnly Day = new(2031, 6, 2);

    public static async Task<BenchResult> RunAsync(BenchServers servers)
    {
        await using var bench = await AgendaBench.StartAsync(servers, "booking");
        var staff = await bench.StaffAsync(Resources);
        int serviceId;
        await using (var scope = bench.Scope())
        {
            var service = await scope.ServiceProvider.GetRequiredService<AgendaSetup>().AddServiceAsync(
                new ServiceTerms("Consulta", TimeSpan.FromMinutes(15), TimeSpan.Zero, TimeSpan.FromMinutes(15), null, staff), CancellationToken.None);
            serviceId = service.Id;
        }
        var starts = await FirstStartsAsync(bench, serviceId, count: 10);
        var customers = await bench.CustomersAsync(Attempts);

        var latencies = new ConcurrentBag<double>();
        var (booked, taken, failed) = (0, 0, 0);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int attempt;
            while ((attempt = Interlocked.Increment(ref next)) < Attempts)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await using var scope = bench.Scope();
                    await scope.ServiceProvider.GetRequiredService<AgendaBook>().BookAsync(
                        serviceId, null, starts[attempt % starts.Count], new Customer(customers[attempt]), CancellationToken.None);
                    Interlocked.Increment(ref booked);
                }
                catch (SlotTakenException)
                {
                    Interlocked.Increment(ref taken);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        clock.Stop();

        var overlaps = await OverlapsAsync(bench);
        var sorted = latencies.ToArray();
        Array.Sort(sorted);
        var p95 = Percentiles.Of(sorted, 95);
        var capacity = starts.Count * Resources;
        return new BenchResult(
            FormattableString.Invariant(
                $"booking under contention, {Workers} at once over {starts.Count} slots x {Resources} resources: {booked} booked, {taken} slot taken (409), {failed} failed, {overlaps} double bookings (p95 {p95:0.0} ms)"),
            Attempts, clock.Elapsed, Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99),
            "every slot booked once, the rest 409, none failed or double", booked == capacity && taken == Attempts - capacity && failed == 0 && overlaps == 0);
    }

    private static async Task<List<DateTimeOffset>> FirstStartsAsync(AgendaBench bench, int serviceId, int count)
    {
        await using var scope = bench.Scope();
        var availability = await scope.ServiceProvider.GetRequiredService<AgendaBook>().AvailabilityAsync(serviceId, Day, 1, null, CancellationToken.None);
        return availability[0].Starts.Take(count).ToList();
    }

    /// <summary>Pairs of booked appointments of one resource whose times overlap: must be none.</summary>
    private static async Task<int> OverlapsAsync(AgendaBench bench)
    {
        await using var scope = bench.Scope();
        var booked = await scope.ServiceProvider.GetRequiredService<HubDbContext>().Set<Appointment>().AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Booked).Select(a => new { a.ResourceId, a.Start, a.BlockedUntil }).ToListAsync();
        return booked.SelectMany((a, i) => booked.Skip(i + 1).Where(b => b.ResourceId == a.ResourceId && b.Start < a.BlockedUntil && a.Start < b.BlockedUntil)).Count();
    }
}
