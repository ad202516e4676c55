using VersatileHub.Hub.Api;
using VersatileHub.Hub.Orders;
using VersatileHub.Hub.Web;

namespace VersatileHub.Tests.Hub.Web;

/// <summary>The web app shows a refusal in the page's language by reading its two halves, never by guessing.</summary>
public sealed class RefusalTextTests
{
    private static readonly UserText LastOwner = new("El negocio debe conservar al menos un dueño.", "A tenant must keep at least one owner.");

    [Fact]
    public void A_refusal_answered_by_a_handler_reads_in_the_page_language()
    {
        var refused = Problems.Refused(LastOwner, 409);

        Assert.Equal("El negocio debe conservar al menos un dueño. / A tenant must keep at least one owner.", refused.ProblemDetails.Detail);
        Assert.Equal("El negocio debe conservar al menos un dueño.", Refusals.Of(WebText.Spanish, refused));
        Assert.Equal("A tenant must keep at least one owner.", Refusals.Of(WebText.English, refused));
    }

    [Fact]
    public void Field_refusals_read_in_the_page_language_under_their_field()
    {
        var invalid = Problems.Invalid(new FieldErrors
        {
            ["trackingCode"] = new("El código de seguimiento es obligatorio.", "The tracking code is required."),
            ["note"] = new("La nota es demasiado larga.", "The note is too long."),
        });

        Assert.Equal(["El código de seguimiento es obligatorio. / The tracking code is required."], invalid.ProblemDetails.Errors["trackingCode"]);
        Assert.Equal("trackingCode: The tracking code is required. note: The note is too long.", Refusals.Of(WebText.English, invalid));
        Assert.Equal("trackingCode: El código de seguimiento es obligatorio. note: La nota es demasiado larga.", Refusals.Of(WebText.Spanish, invalid));
    }

    [Fact]
    public async Task A_domain_refusal_that_reads_English_like_Spanish_is_still_shown_in_the_page_language()
    {
        // "Order 1001 is paid ..." has no Spanish half to guess from; the refusal carries both.
        var order = Order.Place("1001", 7, "ARS", [new OrderLine(null, null, "SKU-1", "Zapatillas", 1, 10m)], 0m, 0m, "u", DateTimeOffset.UnixEpoch);
        order.MarkPaid("u", DateTimeOffset.UnixEpoch);

        var spanish = await Refusals.TryAsync(WebText.Spanish, () => Task.Run(() => order.MarkPaid("u", DateTimeOffset.UnixEpoch)));
        var english = await Refusals.TryAsync(WebText.English, () => Task.Run(() => order.MarkPaid("u", DateTimeOffset.UnixEpoch)));

        Assert.Equal("El pedido 1001 está pagado y no puede pasar a pagado.", spanish);
        Assert.Equal("Order 1001 is paid and cannot become paid.", english);
    }
}
