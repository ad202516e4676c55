using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Data;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Appointments.Apis;

/// <summary>The agenda's set-up (resources, services, working hours, closed days, time zone) and its availability.</summary>
internal static class AgendaApi
{
    public static IEndpointRouteBuilder MapAgendaApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/agenda").WithTags("Agenda");

        api.MapGet("/resources", ListResources).RequireAuthorization(HubPolicies.Read);
        api.MapPost("/resources", AddResource).RequireAuthorization(HubPolicies.Administer);
        api.MapPut("/resources/{id:int}", ChangeResource).RequireAuthorization(HubPolicies.Administer);
        api.MapGet("/resources/{id:int}/working-hours", GetWorkingHours).RequireAuthorization(HubPolicies.Read);
        api.MapPut("/resources/{id:int}/working-hours", SetWorkingHours).RequireAuthorization(HubPolicies.Administer);

        api.MapGet("/services", ListServices).RequireAuthorization(HubPolicies.Read);
        api.MapPost("/services", AddService).RequireAuthorization(HubPolicies.Administer);
        api.MapPut("/services/{id:int}", ChangeService).RequireAuthorization(HubPolicies.Administer);

        api.MapGet("/closed-days", ListClosedDays).RequireAuthorization(HubPolicies.Read);
        api.MapPost("/closed-days", Close).RequireAuthorization(HubPolicies.Administer);
        api.MapDelete("/closed-days/{id:int}", Reopen).RequireAuthorization(HubPolicies.Administer);

        api.MapGet("/settings", GetSettings).RequireAuthorization(HubPolicies.Read);
        api.MapPut("/settings", ChangeSettings).RequireAuthorization(HubPolicies.Administer);

        api.MapGet("/availability", GetAvailability).RequireAuthorization(HubPolicies.Read);
        return app;
    }

    public static async Task<Ok<List<ResourceView>>> ListResources(HubDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Set<BookableResource>().AsNoTracking().OrderBy(r => r.Name)
            .Select(r => new ResourceView(r.Id, r.Name, r.Kind, r.Active)).ToListAsync(cancellationToken));

    public static Task<Results<Created<ResourceView>, ValidationProblem, ProblemHttpResult>> AddResource(
        ResourceRequest request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () =>
        {
            var resource = await setup.AddResourceAsync(request.Name, request.Kind, cancellationToken);
            return TypedResults.Created($"/api/agenda/resources/{resource.Id}", ResourceView.Of(resource));
        });

    public static Task<Results<Ok<ResourceView>, ValidationProblem, ProblemHttpResult>> ChangeResource(
        int id, ResourceRequest request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(ResourceView.Of(
            await setup.ChangeResourceAsync(id, request.Name, request.Kind, request.Active, cancellationToken))));

    public static Task<Results<Ok<WorkingHoursView>, ValidationProblem, ProblemHttpResult>> GetWorkingHours(
        int id, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(WorkingHoursView.Of(await setup.WorkingHoursAsync(id, cancellationToken))));

    public static Task<Results<Ok<WorkingHoursView>, ValidationProblem, ProblemHttpResult>> SetWorkingHours(
        int id, WorkingHoursView request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(WorkingHoursView.Of(await setup.SetWorkingHoursAsync(
            id, (request.Periods ?? []).Select(p => (p.Day, p.From, p.To)), cancellationToken))));

    public static async Task<Ok<List<ServiceView>>> ListServices(HubDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok((await db.Set<BookableService>().AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken))
            .Select(ServiceView.Of).ToList());

    public static Task<Results<Created<ServiceView>, ValidationProblem, ProblemHttpResult>> AddService(
        ServiceRequest request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () =>
        {
            var service = await setup.AddServiceAsync(request.Terms, cancellationToken);
            return TypedResults.Created($"/api/agenda/services/{service.Id}", ServiceView.Of(service));
        });

    public static Task<Results<Ok<ServiceView>, ValidationProblem, ProblemHttpResult>> ChangeService(
        int id, ServiceRequest request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(ServiceView.Of(await setup.ChangeServiceAsync(id, request.Terms, request.Active, cancellationToken))));

    public static async Task<Ok<List<ClosedDayView>>> ListClosedDays(DateOnly? from, HubDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await db.Set<ClosedDay>().AsNoTracking().Where(d => from == null || d.Date >= from).OrderBy(d => d.Date)
            .Select(d => new ClosedDayView(d.Id, d.Date, d.ResourceId, d.Reason)).ToListAsync(cancellationToken));

    public static Task<Results<Created<ClosedDayView>, ValidationProblem, ProblemHttpResult>> Close(
        ClosedDayRequest request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () =>
        {
            var day = await setup.CloseAsync(request.Date, request.ResourceId, request.Reason, cancellationToken);
            return TypedResults.Created($"/api/agenda/closed-days/{day.Id}", new ClosedDayView(day.Id, day.Date, day.ResourceId, day.Reason));
        });

    public static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Reopen(
        int id, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () =>
        {
            await setup.ReopenAsync(id, cancellationToken);
            return TypedResults.NoContent();
        });

    public static async Task<Ok<SettingsView>> GetSettings(AgendaBook book, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SettingsView((await book.ZoneAsync(cancellationToken)).Id));

    public static Task<Results<Ok<SettingsView>, ValidationProblem, ProblemHttpResult>> ChangeSettings(
        SettingsView request, AgendaSetup setup, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(new SettingsView(await setup.SetTimeZoneAsync(request.TimeZone, cancellationToken))));

    /// <summary>Free start times of a service from <paramref name="date"/> on, for <paramref name="days"/> days (1 a day, 7 a week).</summary>
    public static Task<Results<Ok<IReadOnlyList<ResourceAvailability>>, ValidationProblem, ProblemHttpResult>> GetAvailability(
        int serviceId, DateOnly date, int? days, int? resourceId, AgendaBook book, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(await book.AvailabilityAsync(serviceId, date, days ?? 1, resourceId, cancellationToken)));
}

internal sealed record ResourceRequest(string Name, ResourceKind Kind, bool Active = true);

internal sealed record ResourceView(int Id, string Name, ResourceKind Kind, bool Active)
{
    public static ResourceView Of(BookableResource r) => new(r.Id, r.Name, r.Kind, r.Active);
}

internal sealed record ServiceRequest(
    string Name, int DurationMinutes, int[]? ResourceIds, int BufferAfterMinutes = 0, int SlotIntervalMinutes = 15, decimal? Price = null, bool Active = true)
{
    public ServiceTerms Terms => new(
        Name, TimeSpan.FromMinutes(DurationMinutes), TimeSpan.FromMinutes(BufferAfterMinutes), TimeSpan.FromMinutes(SlotIntervalMinutes), Price, ResourceIds ?? []);
}

internal sealed record ServiceView(
    int Id, string Name, int DurationMinutes, int BufferAfterMinutes, int SlotIntervalMinutes, decimal? Price, IReadOnlyList<int> ResourceIds, bool Active)
{
    public static ServiceView Of(BookableService s) => new(
        s.Id, s.Name, (int)s.Duration.TotalMinutes, (int)s.BufferAfter.TotalMinutes, (int)s.SlotInterval.TotalMinutes, s.Price, s.ResourceIds, s.Active);
}

internal sealed record WorkingPeriodView([property: JsonConverter(typeof(JsonStringEnumConverter<DayOfWeek>))] DayOfWeek Day, TimeOnly From, TimeOnly To);

internal sealed record WorkingHoursView(IReadOnlyList<WorkingPeriodView>? Periods)
{
    public static WorkingHoursView Of(WorkingHours hours) =>
        new(hours.Periods.OrderBy(p => p.Day).ThenBy(p => p.From).Select(p => new WorkingPeriodView(p.Day, p.From, p.To)).ToList());
}

internal sealed record ClosedDayRequest(DateOnly Date, int? ResourceId, string? Reason);

internal sealed record ClosedDayView(int Id, DateOnly Date, int? ResourceId, string? Reason);

internal sealed record SettingsView(string TimeZone);
