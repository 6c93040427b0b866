.class public Lcase/StoreRead;
.super Ljava/lang/Object;

# "token" and StoreKeys.TOKEN (flows), "theme" (a constant), "other" and
# StoreKeys.OTHER (never written)
.method public static read(Landroidx/datastore/preferences/core/Preferences;)V
    .registers 4
    const-string v0, "token"
    invoke-static {v0}, Landroidx/datastore/preferences/core/PreferencesKeys;->stringKey(Ljava/lang/String;)Landroidx/datastore/preferences/core/Preferences$Key;
    move-result-object v0
    invoke-virtual {p0, v0}, Landroidx/datastore/preferences/core/Preferences;->get(Landroidx/datastore/preferences/core/Preferences$Key;)Ljava/lang/Object;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendStore(Ljava/lang/Object;)V
    const-string v0, "theme"
    invoke-static {v0}, Landroidx/datastore/preferences/core/PreferencesKeys;->stringKey(Ljava/lang/String;)Landroidx/datastore/preferences/core/Preferences$Key;
    move-result-object v0
    invoke-virtual {p0, v0}, Landroidx/datastore/preferences/core/Preferences;->get(Landroidx/datastore/preferences/core/Preferences$Key;)Ljava/lang/Object;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendStoreConst(Ljava/lang/Object;)V
    const-string v0, "other"
    invoke-static {v0}, Landroidx/datastore/preferences/core/PreferencesKeys;->stringKey(Ljava/lang/String;)Landroidx/datastore/preferences/core/Preferences$Key;
    move-result-object v0
    invoke-virtual {p0, v0}, Landroidx/datastore/preferences/core/Preferences;->get(Landroidx/datastore/preferences/core/Preferences$Key;)Ljava/lang/Object;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendStoreOtherKey(Ljava/lang/Object;)V
    sget-object v0, Lcase/StoreKeys;->TOKEN:Landroidx/datastore/preferences/core/Preferences$Key;
    invoke-virtual {p0, v0}, Landroidx/datastore/preferences/core/Preferences;->get(Landroidx/datastore/preferences/core/Preferences$Key;)Ljava/lang/Object;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendStoreField(Ljava/lang/Object;)V
    sget-object v0, Lcase/StoreKeys;->OTHER:Landroidx/datastore/preferences/core/Preferences$Key;
    invoke-virtual {p0, v0}, Landroidx/datastore/preferences/core/Preferences;->get(Landroidx/datastore/preferences/core/Preferences$Key;)Ljava/lang/Object;
    move-result-object v1
    invoke-static {v1}, Lt/Snk;->sendStoreFieldOther(Ljava/lang/Object;)V
    return-void
.end method
