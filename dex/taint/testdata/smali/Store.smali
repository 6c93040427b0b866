.class public Lcase/Store;
.super Ljava/lang/Object;

# DataStore preferences: the secret under the key "token" (a constant
# name) and under the key kept in StoreKeys.TOKEN; "theme" holds a
# constant. StoreRead reads them back.
.method public static write(Landroidx/datastore/preferences/core/MutablePreferences;)V
    .registers 4
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    const-string v1, "token"
    invoke-static {v1}, Landroidx/datastore/preferences/core/PreferencesKeys;->stringKey(Ljava/lang/String;)Landroidx/datastore/preferences/core/Preferences$Key;
    move-result-object v1
    invoke-virtual {p0, v1, v0}, Landroidx/datastore/preferences/core/MutablePreferences;->set(Landroidx/datastore/preferences/core/Preferences$Key;Ljava/lang/Object;)V
    const-string v1, "theme"
    invoke-static {v1}, Landroidx/datastore/preferences/core/PreferencesKeys;->stringKey(Ljava/lang/String;)Landroidx/datastore/preferences/core/Preferences$Key;
    move-result-object v1
    const-string v2, "dark"
    invoke-virtual {p0, v1, v2}, Landroidx/datastore/preferences/core/MutablePreferences;->set(Landroidx/datastore/preferences/core/Preferences$Key;Ljava/lang/Object;)V
    sget-object v1, Lcase/StoreKeys;->TOKEN:Landroidx/datastore/preferences/core/Preferences$Key;
    invoke-virtual {p0, v1, v0}, Landroidx/datastore/preferences/core/MutablePreferences;->set(Landroidx/datastore/preferences/core/Preferences$Key;Ljava/lang/Object;)V
    return-void
.end method
