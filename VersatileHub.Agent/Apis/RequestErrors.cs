using Microsoft.AspNetCore.Http.HttpResults;

namespace VersatileHub.Agent.Apis;

/// <summary>A request field the agent's APIs cannot accept: a 400 naming <see cref="Field"/>.</summary>
public sealed class InvalidFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>An upload over the configured limit: a 413 naming the field and the limit.</summary>
public sealed class TooLargeException(string field, long limitBytes)
    : Exception($"El archivo puede pesar hasta {limitBytes} bytes. / The file may be up to {limitBytes} bytes.")
{
    public string Field { get; } = field;

    public long LimitBytes { get; } = limitBytes;
}

internal static class RequestErrors
{
    /// <summary>Turns refused input into problem details, so that handlers stay a parse-call-return.</summary>
    public static TBuilder WithRequestErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (InvalidFieldException invalid)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] });
            }
            catch (TooLargeException tooLarge)
            {
                return TypedResults.Problem(tooLarge.Message, statusCode: StatusCodes.Status413PayloadTooLarge,
                    extensions: new Dictionary<string, object?> { ["field"] = tooLarge.Field, ["limitBytes"] = tooLarge.LimitBytes });
            }
        });
        return builder;
    }
}
