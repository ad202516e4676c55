using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using VersatileHub.Hub.Api;
using VersatileHub.Hub.Appointments.Domain;
using VersatileHub.Hub.Appointments.Events;
using VersatileHub.Hub.Tenancy;

namespace VersatileHub.Hub.Appointments.Apis;

/// <summary>Bookings: the agenda of a day or a week, booking, rescheduling and cancelling.</summary>
internal static class AppointmentsApi
{
    public static IEndpointRouteBuilder MapAppointmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/appointments").WithTags("Appointments");

        api.MapGet("/", ListAppointments).RequireAuthorization(HubPolicies.Read);
        api.MapGet("/{id:int}", GetAppointment).RequireAuthorization(HubPolicies.Read);
        api.MapPost("/", Book).RequireAuthorization(HubPolicies.Operate);
        api.MapPost("/{id:int}/reschedule", Reschedule).RequireAuthorization(HubPolicies.Operate);
        api.MapPost("/{id:int}/cancel", Cancel).RequireAuthorization(HubPolicies.Operate);
        return app;
    }

    /// <summary>Booked appointments from <paramref name="from"/> on, for <paramref name="days"/> days (1 a day, 7 a week).</summary>
    public static Task<Results<Ok<IReadOnlyList<AppointmentView>>, ValidationProblem, ProblemHttpResult>> ListAppointments(
        DateOnly from, int? days, int? resourceId, AgendaBook book, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(await book.ListAsync(from, days ?? 1, resourceId, cancellationToken)));

    public static Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> GetAppointment(
        int id, AgendaBook book, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(await book.FindAsync(id, cancellationToken)));

    /// <summary>Books a service; without a resource, the first free one that performs it. 409 when the slot was just taken.</summary>
    public static Task<Results<Created<AppointmentView>, ValidationProblem, ProblemHttpResult>> Book(
        BookingRequest request, AgendaBook book, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () =>
        {
            var appointment = await book.BookAsync(
                request.ServiceId, request.ResourceId, RequestedStart.Parse(request.Start), new Customer(request.CustomerId, request.CustomerName, request.CustomerPhone), cancellationToken);
            return TypedResults.Created($"/api/appointments/{appointment.Id}", appointment);
        });

    public static Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> Reschedule(
        int id, RescheduleRequest request, AgendaBook book, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(await book.RescheduleAsync(id, RequestedStart.Parse(request.Start), request.ResourceId, request.Version, cancellationToken)));

    public static Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> Cancel(
        int id, CancelRequest request, AgendaBook book, CancellationToken cancellationToken) =>
        AgendaOutcome.Of(async () => TypedResults.Ok(await book.CancelAsync(id, request.Reason, request.Version, cancellationToken)));
}

/// <param name="Start">An ISO 8601 instant with its offset, e.g. <c>2031-06-02T10:00:00-03:00</c>; read by <see cref="RequestedStart"/>.</param>
internal sealed record BookingRequest(int ServiceId, int? ResourceId, string? Start, int CustomerId, string? CustomerName = null, string? CustomerPhone = null);

/// <summary><see cref="Version"/> is the appointment's version as the caller last read it; omit it to move whatever is there now.</summary>
internal sealed record RescheduleRequest(string? Start, int? ResourceId = null, uint? Version = null);

internal sealed record CancelRequest(string Reason, uint? Version = null);

/// <summary>
/// A request's start, read by the handler rather than by the JSON binder: a malformed one is then a 400 naming <c>start</c>,
/// where a binding failure is an anonymous 400. Without an offset, the time is taken as UTC.
/// </summary>
internal static class RequestedStart
{
    public static DateTimeOffset Parse(string? start) =>
        DateTimeOffset.TryParse(start, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : throw new AgendaRuleException("start", new UserText("El inicio debe ser una fecha y hora como 2031-06-02T10:00:00-03:00.", "The start must be a date and time such as 2031-06-02T10:00:00-03:00."));
}
