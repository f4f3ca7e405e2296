using GraphQL;
using GraphQL.DataLoader;

namespace DqPlatform.GraphQL.Rendering;

/// <summary>Rendering a page of rows with a plan made by <see cref="For"/>: the pass that replaces the executor's nodes.</summary>
internal sealed partial class PlainSelection
{
    /// <summary>
    /// Reads every row's fields and serializes its scalars, as the executor would; false when any value needs the
    /// executor after all (a row not preloaded, a batch loader, a null in a non-null field, an exception), in which
    /// case the caller executes the list as usual and nothing of this attempt is kept.
    /// </summary>
    public bool TryRender(System.Collections.ICollection rows, bool allowNullRows, out RenderedRows rendered)
    {
        rendered = null!;
        var values = new List<object?>(rows.Count * (Fields.Length + 1));
        var context = new ResolveFieldContext();
        var count = 0;
        try
        {
            foreach (var row in rows)
            {
                count++;
                if (row is null ? !allowNullRows : !TryRead(row, values, context))
                {
                    return false;
                }

                if (row is null)
                {
                    values.Add(null);
                }
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }

        rendered = new RenderedRows(this, count, values);
        return true;
    }

    private bool TryRead(object row, List<object?> values, ResolveFieldContext context)
    {
        if (row is IDataLoaderResult or Task || (Type.IsTypeOf is { } isTypeOf && !isTypeOf(row)))
        {
            return false;
        }

        values.Add(RenderedRows.Present);
        foreach (var field in Fields)
        {
            if (field.Kind == PlainFieldKind.Typename)
            {
                continue;
            }

            var value = field.Getter!(row, context);
            if (ReferenceEquals(value, SourceValueFields.NotLoaded) || value is IDataLoaderResult or Task)
            {
                return false;
            }

            if (field.Kind == PlainFieldKind.Scalar)
            {
                value = value is null ? null : field.Scalar!.Serialize(value);
                if (value is null && field.NonNull)
                {
                    return false;
                }

                values.Add(value);
            }
            else if (value is null)
            {
                if (field.NonNull)
                {
                    return false;
                }

                values.Add(null);
            }
            else if (!field.Selection!.TryRead(value, values, context))
            {
                return false;
            }
        }

        return true;
    }
}
