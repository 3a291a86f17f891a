using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using ReconGrpc.Domain;

namespace ReconGrpc.Data;

/// <summary>
/// The last guard before a decimal reaches its column: a value the column's precision and scale cannot hold
/// (decimal(19,4): below 10^15, four decimals) is refused. Without it each database would do its own thing with it —
/// PostgreSQL rounds the decimals and refuses the magnitude with an error, SQLite keeps both as text — and the
/// archive would differ by provider. The domain's own ranges (<see cref="Amounts"/>) are narrower; this only ever
/// trips where a value got past them.
/// </summary>
public static class StoredDecimals
{
    /// <summary>The bounds of a decimal column, or null for a column that is no decimal or has no declared precision.</summary>
    public static Bounds? Of(IProperty property)
    {
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        return type == typeof(decimal) && property.GetPrecision() is { } precision && property.GetScale() is { } scale
            ? new Bounds($"{property.DeclaringType.ClrType.Name}.{property.Name}", precision, scale)
            : null;
    }

    /// <summary>Refuses any added or changed row holding a decimal its column cannot hold.</summary>
    public static void Check(ChangeTracker changes)
    {
        foreach (var entry in changes.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            foreach (var property in entry.Properties)
            {
                if (property.CurrentValue is decimal value && Of(property.Metadata) is { } bounds)
                {
                    bounds.Check(value);
                }
            }
        }
    }

    /// <summary>A decimal column's precision and scale.</summary>
    public sealed class Bounds(string column, int precision, int scale)
    {
        private readonly decimal _limit = Pow10(precision - scale);

        public void Check(decimal value)
        {
            if (Math.Abs(value) >= _limit || (value.Scale > scale && decimal.Round(value, scale) != value))
            {
                throw RuleViolation.Invalid("storage.decimal",
                    $"{column} cannot hold {Short(value)}: it keeps {precision - scale} digits before the point and {scale} after.");
            }
        }

        private static decimal Pow10(int digits)
        {
            var result = 1m;
            for (var i = 0; i < digits && i < 28; i++)
            {
                result *= 10m;
            }

            return result;
        }

        private static string Short(decimal value)
        {
            var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return text.Length <= 40 ? text : text[..40] + "…";
        }
    }
}
