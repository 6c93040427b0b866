.class public Lcase/Prefs;
.super Ljava/lang/Object;

# SharedPreferences round trip: putString("uid", secret) in one callback,
# getString("uid") in another class (PrefsRead) reaches the sink; the
# entry "theme" holds a constant, the key "other" is never written and
# "unread" never read.
.method public static store(Landroid/content/SharedPreferences;)V
    .registers 5
    invoke-static {}, Lt/Src;->secret()Ljava/lang/String;
    move-result-object v0
    invoke-interface {p0}, Landroid/content/SharedPreferences;->edit()Landroid/content/SharedPreferences$Editor;
    move-result-object v1
    const-string v2, "uid"
    invoke-interface {v1, v2, v0}, Landroid/content/SharedPreferences$Editor;->putString(Ljava/lang/String;Ljava/lang/String;)Landroid/content/SharedPreferences$Editor;
    move-result-object v1
    const-string v2, "theme"
    const-string v3, "dark"
    invoke-interface {v1, v2, v3}, Landroid/content/SharedPreferences$Editor;->putString(Ljava/lang/String;Ljava/lang/String;)Landroid/content/SharedPreferences$Editor;
    move-result-object v1
    const-string v2, "unread"
    invoke-interface {v1, v2, v0}, Landroid/content/SharedPreferences$Editor;->putString(Ljava/lang/String;Ljava/lang/String;)Landroid/content/SharedPreferences$Editor;
    move-result-object v1
    invoke-interface {v1}, Landroid/content/SharedPreferences$Editor;->apply()V
    return-void
.end method
