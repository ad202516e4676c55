using System.Text.RegularExpressions;

namespace VersatileHub.Hub.Web;

/// <summary>
/// The Spanish of the refusals the order, ticket and member handlers write in English only (their texts are part of the
/// API that the agent and other clients read, so they stay as they are): each known text, with the facts it carries
/// (a number, a status, a length), read back into Spanish. A text not listed here is shown as the handler wrote it.
/// </summary>
internal static partial class HandlerRefusals
{
    private static readonly (Regex English, Func<Match, WebText, string> Spanish)[] Known =
    [
        (OrderCannotMove(), (m, t) => $"El pedido {m.Groups[1]} está {t.Term(m.Groups[2].Value)} y no puede pasar a {t.Term(m.Groups[3].Value)}."),
        (TicketCannotMove(), (m, t) => $"El ticket {m.Groups[1]} está {t.Term(m.Groups[2].Value)} y no puede pasar a {t.Term(m.Groups[3].Value)}."),
        (TicketClosed(), (m, _) => $"El ticket {m.Groups[1]} está cerrado y no se puede modificar."),
        (ChangedMeanwhile(), (m, _) => $"Otra persona cambió {(m.Groups[1].Value == "Order" ? "el pedido" : "el ticket")} {m.Groups[2]} mientras tanto; recargalo y probá de nuevo."),
        (RequiredUpTo(), (m, _) => $"{Field(m.Groups[1].Value)} es obligatorio, de hasta {m.Groups[2]} caracteres."),
        (UpTo(), (m, _) => $"{Field(m.Groups[1].Value)} tiene hasta {m.Groups[2]} caracteres."),
        (PriorityOneOf(), (_, _) => "La prioridad es baja, normal, alta o urgente."),
        (RoleOneOf(), (_, t) => $"El rol es uno de: {string.Join(", ", Tenancy.HubRoles.All.Select(t.Term))}."),
        (OwnersOnly(), (_, _) => "Solo un dueño puede nombrar, cambiar o quitar a un dueño."),
        (LastOwner(), (_, _) => "El negocio debe conservar al menos un dueño."),
        (AlreadyMember(), (_, _) => "Ese usuario ya es miembro."),
        (EmailRequired(), (_, _) => "El correo electrónico es obligatorio."),
    ];

    /// <summary>The Spanish of <paramref name="english"/>, or null when it is not a known handler refusal.</summary>
    public static string? InSpanish(string english, WebText text)
    {
        foreach (var (pattern, spanish) in Known)
        {
            if (pattern.Match(english) is { Success: true } match)
            {
                return spanish(match, text);
            }
        }
        return null;
    }

    private static string Field(string english) => english switch
    {
        "tracking code" => "El código de seguimiento",
        "reason" => "El motivo",
        "note" => "La nota",
        "subject" => "El asunto",
        "description" => "La descripción",
        "comment" => "El comentario",
        _ => english,
    };

    [GeneratedRegex(@"^Order (\S+) is (\w+) and cannot become (\w+)\.$")]
    private static partial Regex OrderCannotMove();

    [GeneratedRegex(@"^Ticket (\d+) is (\w+) and cannot become (\w+)\.$")]
    private static partial Regex TicketCannotMove();

    [GeneratedRegex(@"^Ticket (\d+) is closed and cannot be .+\.$")]
    private static partial Regex TicketClosed();

    [GeneratedRegex(@"^(Order|Ticket) (\S+) was changed by someone else meanwhile; reload it and try again\.$")]
    private static partial Regex ChangedMeanwhile();

    [GeneratedRegex(@"^The (tracking code|reason|subject|comment) is required and has at most (\d+) characters\.$")]
    private static partial Regex RequiredUpTo();

    [GeneratedRegex(@"^The (note|description) has at most (\d+) characters\.$")]
    private static partial Regex UpTo();

    [GeneratedRegex(@"^The priority must be one of low, normal, high or urgent\.$")]
    private static partial Regex PriorityOneOf();

    [GeneratedRegex(@"^The role must be one of: .+\.$")]
    private static partial Regex RoleOneOf();

    [GeneratedRegex(@"^Only an owner may make, change or remove an owner\.$")]
    private static partial Regex OwnersOnly();

    [GeneratedRegex(@"^A tenant must keep at least one owner\.$")]
    private static partial Regex LastOwner();

    [GeneratedRegex(@"^That user is a member already\.$")]
    private static partial Regex AlreadyMember();

    [GeneratedRegex(@"^An email is required\.$")]
    private static partial Regex EmailRequired();
}
