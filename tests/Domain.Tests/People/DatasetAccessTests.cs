using DqPlatform.Domain.Common;
using DqPlatform.Domain.People;
using DqPlatform.Domain.Queries;
using DqPlatform.Domain.Tenancy;

namespace DqPlatform.Domain.Tests.People;

public sealed class DatasetAccessTests
{
    private static readonly Guid Connection = Guid.NewGuid();

    private static Dataset Table(string table, params string[] readRoles) => new()
    {
        Id = DatasetIds.For(Connection, "public", table), ConnectionId = Connection, SchemaName = "public", TableName = table, Name = table, ReadRoles = readRoles,
    };

    [Fact]
    public void MayRead_OpenToAll_WithAMatchingRole_OrWithOrgAdmin_Only()
    {
        Assert.True(DatasetAccess.MayRead(DatasetReader.None, []));
        Assert.True(DatasetAccess.MayRead(new DatasetReader(["operator", "pii"], false), ["pii"]));
        Assert.False(DatasetAccess.MayRead(new DatasetReader(["operator"], false), ["pii", "admin"]));
        Assert.False(DatasetAccess.MayRead(DatasetReader.None, ["viewer"]));
        Assert.True(DatasetAccess.MayRead(new DatasetReader([], true), ["pii"]));
    }

    [Fact]
    public void ReaderOf_ACaller_TakesItsRoles_AndReadsAllOnlyWithOrgAdmin()
    {
        var user = new Caller(null, Guid.NewGuid(), Guid.NewGuid(), new HashSet<string> { ApiKeyScopes.Read, ApiKeyScopes.Write }) { Roles = new HashSet<string> { "editor" } };
        var serviceKey = new Caller(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), ApiKeyScopes.All.Except([ApiKeyScopes.OrganizationAdmin]).ToHashSet());
        var owner = new Caller(null, Guid.NewGuid(), Guid.NewGuid(), new HashSet<string> { ApiKeyScopes.OrganizationAdmin }) { Roles = new HashSet<string> { "owner" } };

        Assert.Equal(["editor"], DatasetReader.Of(user).Roles);
        Assert.False(DatasetReader.Of(user).ReadsAll);
        Assert.Equal((0, false), (DatasetReader.Of(serviceKey).Roles.Length, DatasetReader.Of(serviceKey).ReadsAll));
        Assert.True(DatasetReader.Of(owner).ReadsAll);
    }

    [Fact]
    public void Refused_AreTheForbiddenAmongWhatIsRead_OrEveryForbiddenOneWhenThatIsUnknown()
    {
        var registered = new[] { Table("orders"), Table("customers", "pii"), Table("salaries", "hr") };
        var reader = new DatasetReader(["pii"], false);

        Assert.Empty(DatasetAccess.Refused(reader, registered, [registered[0].Id, registered[1].Id]));
        Assert.Equal(["salaries"], DatasetAccess.Refused(reader, registered, [registered[0].Id, registered[2].Id]).Select(d => d.TableName));
        Assert.Equal(["salaries"], DatasetAccess.Refused(reader, registered, read: null).Select(d => d.TableName));
        Assert.Equal(["customers", "salaries"], DatasetAccess.Refused(DatasetReader.None, registered, read: null).Select(d => d.TableName));
    }

    [Fact]
    public void RequireRoles_AcceptsBuiltInAndCustomSlugs_Deduplicated_AndRefusesOthers()
    {
        Assert.Equal(["owner", "pii"], DatasetAccess.RequireRoles(["owner", " pii ", "pii"], ["pii"]));
        var refused = Assert.Throws<ValidationException>(() => DatasetAccess.RequireRoles(["viewer", "Viewer"], ["pii"]));
        Assert.Equal("readRoles", refused.Field);
        Assert.Contains("'Viewer'", refused.Message, StringComparison.Ordinal);
    }
}
