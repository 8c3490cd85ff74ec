<!DOCTYPE html>
<html lang="ru">
<head>
<meta charset="windows-1251">
<title>Новости — СРЦН «Солнышко»</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<table width="960" align="center" border="0"><tr><td>
<header class="site-header">
<div class="logo"><a href="/">ГКУ СО «Социально-реабилитационный центр для несовершеннолетних «Солнышко»</a></div>
<div class="header-contacts">Телефон: 8 (49333) 2-14-35</div>

</header>
<nav class="main-menu"><ul><li><a href="/about.htm">О центре</a></li><li><a href="/struktura.htm">Структура</a></li><li><a href="/rukovodstvo.htm">Руководство</a></li><li><a href="/kadry.htm">Кадры</a></li><li><a href="/uslugi.htm">Услуги</a></li><li><a href="/docs.htm">Документы</a></li><li><a href="/nok.htm">НОК</a></li><li><a href="/anketa.htm">Анкета</a></li><li><a href="/news.php">Новости</a></li></ul></nav>
<main class="content">
<h1>Новости</h1>
<ul class="news"><li><span class="date">28.11.2026</span> <a href="/news.php?id=11">Декада пожилых людей</a></li><li><span class="date">26.10.2026</span> <a href="/news.php?id=12">Школа ухода за пожилыми</a></li><li><span class="date">24.09.2026</span> <a href="/news.php?id=13">Скандинавская ходьба</a></li><li><span class="date">22.08.2026</span> <a href="/news.php?id=14">Новогодние поздравления</a></li><li><span class="date">20.07.2026</span> <a href="/news.php?id=15">День инвалидов</a></li><li><span class="date">18.06.2026</span> <a href="/news.php?id=16">Компьютерная грамотность</a></li><li><span class="date">16.05.2026</span> <a href="/news.php?id=17">Мобильная бригада</a></li><li><span class="date">14.04.2026</span> <a href="/news.php?id=18">Волонтёры серебряного возраста</a></li></ul>
</main>

<footer class="site-footer"><p>ГКУ СО «Социально-реабилитационный центр для несовершеннолетних «Солнышко»</p>
<p>Адрес: г. Заволжск, ул. Советская, д. 16</p>
<p>Тел.: 8 (49333) 2-14-35</p>
<p>E-mail: <a href="mailto:srcn-solnyshko@social.example.ru">srcn-solnyshko@social.example.ru</a></p>
<p class="social"><a href="https://ok.ru/group/srcnsolnyshko" target="_blank"><img src="/images/vk.svg" alt="ВКонтакте"></a></p>
<p>© СРЦН «Солнышко» 2012–2026</p></footer>
</td></tr></table>
</body>
</html>
