using VersatileHub.Tests.Fakes.TiendaNube;

namespace VersatileHub.Tests.Hub.Connectors.TiendaNube;

/// <summary>The store's stock for these specs: pointe shoes in sizes 36 to 38 (38 without stock control) and a leotard.</summary>
public static class PointeShoes
{
    public static long StockPointeShoes(this FakeTiendaNube store) => store.AddProduct(
        name: ("Zapatillas de punta", "Sapatilhas de ponta"),
        description: ("<p>Zapatillas de punta para danza cl&aacute;sica, caja de raso.</p>", "<p>Sapatilhas de ponta para balé clássico.</p>"),
        attributes: ["Talle"],
        variants:
        [
            ("PUNTA-36", "85000.00", 4, ["36"]),
            ("PUNTA-37", "85000.00", 2, ["37"]),
            ("PUNTA-38", "89999.50", null, ["38"]),
        ],
        category: "Calzado");

    public static long StockLeotard(this FakeTiendaNube store) => store.AddProduct(
        name: ("Malla de ballet", "Collant de balé"),
        description: ("Malla de lycra negra.", "Collant de lycra preto."),
        attributes: ["Talle"],
        variants: [("MALLA-S", "30000.00", 10, ["S"]), ("MALLA-M", "30000.00", 0, ["M"])]);
}
